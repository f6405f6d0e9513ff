"""Past one machine: the Ray engine and the Parquet lake it writes.

`inputs.py` cuts the inputs into units any worker can read; `ray_engine.py` runs the pipeline
on a Ray cluster (`analyze --engine ray`); `lake.py` is the lake's layout, `load` into a store,
and the in-place view of it (`--store LAKE`). Ray is optional: `pip install 'realpolitik[ray]'`.
"""
