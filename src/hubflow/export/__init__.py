"""A plan's ``--out`` folder: scenario copy, plan.json, CSV tables, report.html, manifest.json.

The folder is self-contained (``hubflow check DIR`` needs nothing else), written whole or not
at all, and its manifest lets a checker prove that no file is missing or modified.
"""

from hubflow.export.folder import FolderWriter as FolderWriter
from hubflow.export.folder import check_out_path as check_out_path
from hubflow.export.folder import read_plan_folder as read_plan_folder
from hubflow.export.folder import write_plan_folder as write_plan_folder
from hubflow.export.manifest import MANIFEST as MANIFEST
from hubflow.export.manifest import ManifestError as ManifestError
from hubflow.export.manifest import unlisted_files as unlisted_files
from hubflow.export.manifest import verify_plan_folder as verify_plan_folder
from hubflow.jsonsafe import json_safe as json_safe

__all__ = [
    "MANIFEST",
    "FolderWriter",
    "ManifestError",
    "check_out_path",
    "json_safe",
    "read_plan_folder",
    "unlisted_files",
    "verify_plan_folder",
    "write_plan_folder",
]
