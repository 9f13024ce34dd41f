"""Tests of the --out folder; TABLES are the CSV files the README lists in it."""

TABLES = (
    "itineraries.csv",
    "departures.csv",
    "trucks.csv",
    "truck_routes.csv",
    "carrier_loads.csv",
    "unserved.csv",
    "yard.csv",
    "kpis.csv",
)
