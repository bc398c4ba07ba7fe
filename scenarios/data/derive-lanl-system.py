#!/usr/bin/env python3
"""Derives a FleetSim incident log (docs/incident-logs.md) for one LANL system from the raw
LANL failure data (LA-UR-05-7318, 1996-2005; scenarios/data/lanl-failures-1996-2005.csv.xz, see its .md).

    python3 scenarios/data/derive-lanl-system.py 20 > scenarios/data/lanl-system-20.csv

Columns: time (Prob Started, as YYYY-MM-DD HH:MM, local time as logged), node (nodenumz),
category (the non-empty root-cause column), repair_hours (Down Time minutes / 60).
Please acknowledge Los Alamos National Laboratory as the source of the data.
"""
import csv
import io
import lzma
import pathlib
import sys

CATEGORIES = ["Facilities", "Hardware", "Human Error", "Network", "Undetermined", "Software"]


def main() -> None:
    system = sys.argv[1]
    source = pathlib.Path(__file__).resolve().parent / "lanl-failures-1996-2005.csv.xz"
    rows = []
    with lzma.open(source, "rt", newline="") as handle:
        for record in csv.DictReader(handle):
            if record["System"] != system:
                continue
            date, clock = record["Prob Started"].split(" ")
            month, day, year = (int(part) for part in date.split("/"))
            hour, minute = (int(part) for part in clock.split(":"))
            category = next((name for name in CATEGORIES if record[name].strip()), "none")
            repair = f"{float(record['Down Time']) / 60:.4f}" if record["Down Time"].strip() else ""
            rows.append((f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}", record["nodenumz"], category, repair))
    rows.sort()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["time", "node", "category", "repair_hours"])
    writer.writerows(rows)
    sys.stdout.write(out.getvalue())


if __name__ == "__main__":
    main()
