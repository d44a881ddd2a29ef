/**
 * The fixed program the feature-store Jobs run (DESIGN.md §4: Feast definitions are data read by a
 * fixed loader, never code assembled from manifest strings). It reads `definitions.json`, builds Feast
 * objects with the SDK (Feast ≥ 0.40 keyword constructors: `Entity`, `Field`, `FeatureView`,
 * `FeatureService`, the batch sources) and runs `FeatureStore.apply`, or, given `materialize VIEW`,
 * `materialize_incremental` up to now for that view. Its text is part of the ConfigMap's content hash.
 */
export const FEAST_LOADER_FILE = "load_definitions.py";

export const FEAST_LOADER = `"""Slipway's fixed Feast loader: definitions are data; this file is the only code."""
import json
import re
import sys
from datetime import datetime, timedelta, timezone

from feast import Entity, FeatureService, FeatureStore, FeatureView, Field, ValueType
from feast import types as ft

CONFIG = "/etc/slipway/feast-config/feature_store.yaml"
DEFINITIONS = "/etc/slipway/feast/definitions.json"
SCALARS = {"int32": ft.Int32, "int64": ft.Int64, "float32": ft.Float32, "float64": ft.Float64,
           "string": ft.String, "bytes": ft.Bytes, "bool": ft.Bool, "unix_timestamp": ft.UnixTimestamp}
VALUE_TYPES = {"int32": ValueType.INT32, "int64": ValueType.INT64, "string": ValueType.STRING,
               "bytes": ValueType.BYTES, "bool": ValueType.BOOL, "float32": ValueType.FLOAT,
               "float64": ValueType.DOUBLE, "unix_timestamp": ValueType.UNIX_TIMESTAMP}
UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def dtype(name):
    if name.endswith("_list"):
        return ft.Array(SCALARS[name[: -len("_list")]])
    return SCALARS[name]


def ttl(text):
    return timedelta(seconds=sum(int(n) * UNITS[u] for n, u in re.findall(r"([0-9]+)(ms|s|m|h|d|w)", text)))


def batch_source(view, src):
    kind, name = src["type"], view["name"] + "_source"
    common = {"name": name, "timestamp_field": src["timestampField"],
              "created_timestamp_column": src.get("createdTimestampColumn", "")}
    if kind == "file":
        from feast import FileSource
        return FileSource(path=src["path"], **common)
    if kind == "bigquery":
        from feast import BigQuerySource
        return BigQuerySource(table=src.get("table"), query=src.get("query"), **common)
    if kind == "snowflake":
        from feast import SnowflakeSource
        return SnowflakeSource(table=src.get("table"), query=src.get("query"), **common)
    if kind == "redshift":
        from feast import RedshiftSource
        return RedshiftSource(table=src.get("table"), query=src.get("query"), **common)
    if kind == "spark":
        from feast.infra.offline_stores.contrib.spark_offline_store.spark_source import SparkSource
        return SparkSource(table=src.get("table"), query=src.get("query"), path=src.get("path"), **common)
    from feast.infra.offline_stores.contrib.postgres_offline_store.postgres_source import PostgreSQLSource
    return PostgreSQLSource(table=src.get("table"), query=src.get("query"), **common)


def load(store):
    with open(DEFINITIONS, encoding="utf-8") as f:
        data = json.load(f)
    entities = {e["name"]: Entity(name=e["name"], join_keys=e["joinKeys"], value_type=VALUE_TYPES[e["valueType"]],
                                  description=e.get("description", ""), tags=e.get("tags", {}),
                                  owner=e.get("owner", "")) for e in data["entities"]}
    views = {v["name"]: FeatureView(name=v["name"], entities=[entities[e] for e in v["entities"]], ttl=ttl(v["ttl"]),
                                    schema=[Field(name=f["name"], dtype=dtype(f["dtype"]),
                                                  description=f.get("description", "")) for f in v["features"]],
                                    source=batch_source(v, v["source"]), online=v["online"],
                                    description=v.get("description", ""), tags=v.get("tags", {}),
                                    owner=v.get("owner", "")) for v in data["featureViews"]}
    services = []
    for s in data["featureServices"]:
        by_view = {}
        for ref in s["features"]:
            view, feature = ref.split(":", 1)
            by_view.setdefault(view, []).append(feature)
        services.append(FeatureService(name=s["name"], features=[views[v][fs] for v, fs in by_view.items()],
                                       description=s.get("description", ""), tags=s.get("tags", {}),
                                       owner=s.get("owner", "")))
    store.apply([*entities.values(), *views.values(), *services])


def main(argv):
    store = FeatureStore(fs_yaml_file=__import__("pathlib").Path(CONFIG))
    if argv[:1] == ["materialize"] and len(argv) == 2:
        store.materialize_incremental(end_date=datetime.now(timezone.utc), feature_views=[argv[1]])
    elif argv == ["apply"]:
        load(store)
    else:
        sys.exit("usage: load_definitions.py apply | materialize VIEW")


if __name__ == "__main__":
    main(sys.argv[1:])
`;
