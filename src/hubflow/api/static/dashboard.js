// hubflow dashboard: the job page's live progress bar and the "compare ticked plans" button.
// Same-origin requests only; the sign-in cookie goes with them. Nothing else is loaded.
(function () {
  "use strict";

  function fmt(x) {
    return x === null || x === undefined ? "–" : Number(x).toLocaleString(undefined, {maximumFractionDigits: 0});
  }

  function follow(box) {
    var id = box.getAttribute("data-job");
    var fill = box.querySelector(".fill");
    var state = box.querySelector(".state");
    var link = box.querySelector(".plan-link");
    function tick() {
      fetch("/jobs/" + id + "/state", {credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (job) {
          fill.style.width = Math.round(100 * job.progress) + "%";
          var text = job.state + " · " + job.stage;
          if (job.bound !== null) text += " · bound " + fmt(job.bound);
          if (job.gap !== null) text += " · gap " + (100 * job.gap).toFixed(2) + " %";
          if (job.error) text += " · " + job.error;
          state.textContent = text;
          if (job.state === "done" && job.plan_id) {
            link.innerHTML = '<a href="/plans/' + job.plan_id + '">Open plan ' + job.plan_id + "</a>";
            window.location.href = "/plans/" + job.plan_id;
          } else if (job.state === "queued" || job.state === "running") {
            window.setTimeout(tick, 500);
          }
        })
        .catch(function () { window.setTimeout(tick, 2000); });
    }
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-job]").forEach(follow);
    var button = document.getElementById("compare-picked");
    if (button) {
      button.addEventListener("click", function () {
        var ids = [];
        document.querySelectorAll("input.pick:checked").forEach(function (c) { ids.push(c.value); });
        ids.sort(function (a, b) { return a - b; });  // the oldest plan is the base
        if (ids.length) window.location.href = "/compare?plans=" + ids.join(",");
      });
    }
  });
})();
