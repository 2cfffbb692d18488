"""Checks a built output folder from Python, as a notebook user would read it.

usage: check_outputs.py OUT_DIR

1. columns: every table listed in datapackage.json opens with pyarrow (NAME.parquet), and its
   columns are the documented ones, in order.
2. descriptions: every column has a description in datapackage.json, and the Parquet file
   carries it (file key-value metadata `description:COLUMN` or Arrow field metadata
   `description`, at least one; where present it must equal datapackage.json's).
3. pandas: every table opens with `pandas.read_parquet` with default settings.
4. frictionless: `datapackage.json` validates with frictionless (the Python API, with OUT_DIR
   as base path): descriptor, types, constraints, primary and foreign keys of the resources.
5. notebook: notebooks/defectors.ipynb runs headless (nbclient) with DEFECTORS_OUT=OUT_DIR,
   reads that folder, and its plot cell shows an image (an `image/png` output).

Prints one line per check and one `problem: …` line per problem; exit 1 on any problem (or
when OUT_DIR or its datapackage.json is missing), 2 on wrong usage.
"""
import json
import os
import sys
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().with_name("defectors.ipynb")

try:
    import nbformat
    import pandas as pd
    import pyarrow.parquet as pq
    from frictionless import FrictionlessException, Package
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
except ImportError as error:
    sys.exit(f"error: {error.name} is not installed: pip install -r {Path(__file__).with_name('requirements.txt')}")


def one_line(text):
    """Text on one line, for a `problem:` line."""
    return " ".join(str(text).split())


def load_package(out):
    """datapackage.json of OUT_DIR, or exit 1 with one line."""
    if not out.is_dir():
        sys.exit(f"error: {out}: no such folder (build it with `cargo xtask build-data`)")
    descriptor = out / "datapackage.json"
    if not descriptor.is_file():
        sys.exit(f"error: {descriptor}: missing, so {out} is not a built output folder "
                 "(build one with `cargo xtask build-data`)")
    try:
        package = json.loads(descriptor.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        sys.exit(f"error: {descriptor}: cannot be read as JSON: {one_line(error)}")
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list) or not all(
        isinstance(r, dict) and isinstance(r.get("name"), str)
        and isinstance(r.get("schema", {}).get("fields"), list) for r in resources
    ):
        sys.exit(f"error: {descriptor}: no list of resources, each with a name and schema fields")
    return package


def check_columns(out, resources):
    problems = []
    for resource in resources:
        name = resource["name"]
        path = out / f"{name}.parquet"
        if not path.is_file():
            problems.append(f"{name}: {path.name} missing")
            continue
        try:
            columns = pq.read_table(path).column_names
        except Exception as error:
            problems.append(f"{name}: pyarrow cannot read {path.name}: {type(error).__name__}: {one_line(error)}")
            continue
        documented = [f["name"] for f in resource["schema"]["fields"]]
        if columns != documented:
            problems.append(f"{name}: parquet columns {columns} != datapackage fields {documented}")
    return f"{len(resources)} tables opened with pyarrow, columns against datapackage.json", problems


def check_descriptions(out, resources):
    problems = []
    n_kv = n_field = n_columns = 0
    for resource in resources:
        name = resource["name"]
        path = out / f"{name}.parquet"
        fields = resource["schema"]["fields"]
        for f in fields:
            if not str(f.get("description") or "").strip():
                problems.append(f"{name}.{f['name']}: no description in datapackage.json")
        if not path.is_file():
            continue  # reported by the columns check
        try:
            key_value = pq.ParquetFile(path).metadata.metadata or {}
            schema = pq.read_schema(path)
        except Exception as error:
            problems.append(f"{name}: cannot read the Parquet metadata: {type(error).__name__}: {one_line(error)}")
            continue
        for f in fields:
            n_columns += 1
            found = {}
            value = key_value.get(f"description:{f['name']}".encode())
            if value is not None:
                n_kv += 1
                found["key-value metadata"] = value.decode("utf-8", "replace")
            index = schema.get_field_index(f["name"])
            if index >= 0:
                value = (schema.field(index).metadata or {}).get(b"description")
                if value is not None:
                    n_field += 1
                    found["Arrow field metadata"] = value.decode("utf-8", "replace")
            if not found:
                problems.append(f"{name}.{f['name']}: no description in the Parquet file "
                                "(neither key-value `description:COLUMN` nor field metadata `description`)")
            for where, text in found.items():
                if f.get("description") and text != f["description"]:
                    problems.append(f"{name}.{f['name']}: the description in the Parquet {where} differs from datapackage.json")
    return (f"{n_columns} column descriptions: {n_kv} in Parquet key-value metadata, "
            f"{n_field} in Arrow field metadata"), problems


def check_pandas(out, resources):
    problems = []
    opened = 0
    for resource in resources:
        path = out / f"{resource['name']}.parquet"
        if not path.is_file():
            continue  # reported by the columns check
        try:
            pd.read_parquet(path)
            opened += 1
        except Exception as error:
            problems.append(f"{resource['name']}: pandas.read_parquet fails: {type(error).__name__}: {one_line(error)}")
    return f"{opened} of {len(resources)} tables opened with pandas.read_parquet", problems


def check_frictionless(out):
    problems = []
    try:
        report = Package("datapackage.json", basepath=str(out)).validate()
    except FrictionlessException as error:
        return "frictionless could not load datapackage.json", [f"frictionless: {one_line(error.error.message)}"]
    except Exception as error:
        return "frictionless could not validate datapackage.json", [f"frictionless: {type(error).__name__}: {one_line(error)}"]

    def describe(resource, error):
        where = [resource]
        if getattr(error, "row_number", None) is not None:
            where.append(f"row {error.row_number}")
        if getattr(error, "field_name", None):
            where.append(f"field {error.field_name}")
        return f"frictionless: {' '.join(where)}: [{error.type}] {one_line(error.message)}"

    for error in report.errors:
        problems.append(describe("package", error))
    rows = 0
    for task in report.tasks:
        rows += (task.stats or {}).get("rows") or 0
        for error in task.errors:
            problems.append(describe(task.name or task.place, error))
    return (f"{report.stats['tasks']} resources, {rows} rows validated: "
            f"{'valid' if report.valid else 'invalid'}"), problems


def check_notebook(out):
    problems = []
    try:
        notebook = nbformat.read(NOTEBOOK, as_version=4)
    except Exception as error:
        return f"{NOTEBOOK.name} not read", [f"notebook: cannot read {NOTEBOOK}: {type(error).__name__}: {one_line(error)}"]
    os.environ["DEFECTORS_OUT"] = str(out)  # the kernel inherits the environment
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    failed = False
    try:
        client.execute()
    except CellExecutionError as error:
        failed = True
        cell = next((c for c in notebook.cells if c.cell_type == "code"
                     and any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
        where = f"cell {cell.get('id')}" if cell is not None else "a cell"
        problems.append(f"notebook: {where} raised {error.ename}: {one_line(error.evalue)}")
    except Exception as error:  # kernel could not start, timeout, …
        failed = True
        problems.append(f"notebook: {type(error).__name__}: {one_line(error)}")

    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    printed = "".join(o.get("text", "") for c in code_cells[:1] for o in c.get("outputs", [])
                      if o.get("output_type") == "stream")
    first_ran = bool(code_cells) and code_cells[0].get("execution_count") is not None and not any(
        o.get("output_type") == "error" for o in code_cells[0].get("outputs", []))
    if first_ran and str(out) not in printed:
        problems.append(f"notebook: did not read {out} (its first cell printed: {one_line(printed)[:200]})")
    plot_cells = [c for c in code_cells if "plt.show()" in c.source]
    if not plot_cells:
        problems.append("notebook: no plot cell (a code cell calling plt.show())")
    for cell in plot_cells:
        if not any("image/png" in o.get("data", {}) for o in cell.get("outputs", [])):
            problems.append(f"notebook: plot cell {cell.get('id')} has no image/png output")
    executed = sum(1 for c in code_cells if c.get("execution_count") is not None)
    state = "stopped at an error" if failed else "ran"
    return (f"{NOTEBOOK.name} {state}: {executed} of {len(code_cells)} code cells executed "
            f"with DEFECTORS_OUT={out}"), problems


def main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print("usage: check_outputs.py OUT_DIR", file=sys.stderr)
        return 2
    out = Path(argv[1]).resolve()
    package = load_package(out)
    resources = package["resources"]
    checks = [
        ("columns", lambda: check_columns(out, resources)),
        ("descriptions", lambda: check_descriptions(out, resources)),
        ("pandas", lambda: check_pandas(out, resources)),
        ("frictionless", lambda: check_frictionless(out)),
        ("notebook", lambda: check_notebook(out)),
    ]
    total = 0
    for name, check in checks:
        summary, problems = check()
        print(f"{name}: {summary}: {'ok' if not problems else f'{len(problems)} problem(s)'}", flush=True)
        for problem in problems:
            print("problem:", problem, flush=True)
        total += len(problems)
    print(f"{total} problem(s) in {out}" if total else f"all checks passed for {out}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
