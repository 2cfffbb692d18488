"""Checks a built output folder from Python, as a notebook user would read it.

usage: check_outputs.py OUT_DIR

1. Every table listed in datapackage.json opens with pyarrow, and its columns are the
   documented ones, in order, each with a description.
2. The notebook notebooks/defectors.ipynb runs headless (nbclient) without error.
Exit 1 with one line per problem.
"""
import json
import sys
from pathlib import Path

import nbformat
import pyarrow.parquet as pq
from nbclient import NotebookClient

out = Path(sys.argv[1]).resolve()
problems = []
package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
for resource in package["resources"]:
    name = resource["name"]
    fields = resource["schema"]["fields"]
    table = pq.read_table(out / f"{name}.parquet")
    if table.column_names != [f["name"] for f in fields]:
        problems.append(f"{name}: parquet columns {table.column_names} != datapackage fields")
    for f in fields:
        if not f.get("description", "").strip():
            problems.append(f"{name}.{f['name']}: no description")
    metadata = pq.ParquetFile(out / f"{name}.parquet").metadata.metadata or {}
    for f in fields:
        if metadata.get(f"description:{f['name']}".encode()) is None:
            problems.append(f"{name}.{f['name']}: no description in the Parquet key-value metadata")
print(f"checked {len(package['resources'])} tables against datapackage.json")

notebook_path = Path(__file__).with_name("defectors.ipynb")
notebook = nbformat.read(notebook_path, as_version=4)
try:
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(out.parent.parent)}}).execute()
    print(f"executed {notebook_path.name}: {len(notebook.cells)} cells")
except Exception as error:  # nbclient raises CellExecutionError with the cell's traceback
    problems.append(f"notebook failed: {error}")

for p in problems:
    print("problem:", p)
sys.exit(1 if problems else 0)
