#!/usr/bin/env python3
"""Writes docs/scenario.schema.json, the JSON Schema of FleetSim scenario files.

The schema is for editors (YAML language servers read JSON Schema) and for `fleetsim validate`,
which checks a file against it before loading it. Keys and enumerations here must match the
loaders in Sources/ScenarioLoading; the tests check that every shipped scenario validates and that
broken files are caught at the same line by the schema and by the loader.

    python3 scripts/scenario-schema.py
"""
import json
import pathlib

DURATION = {"$ref": "#/$defs/duration"}
DIST = {"$ref": "#/$defs/distribution"}
PROB = {"type": "number", "minimum": 0, "maximum": 1}
INT0 = {"type": "integer", "minimum": 0}
INT1 = {"type": "integer", "minimum": 1}
INT = {"type": "integer"}
STR = {"type": "string"}
BOOL = {"type": "boolean"}
NUM0 = {"type": "number", "minimum": 0}


def obj(properties, required=(), description=None):
    o = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        o["required"] = list(required)
    if description:
        o["description"] = description
    return o


def named(value, description=None):
    """A mapping whose keys the user chooses (classes, sites, ...)."""
    o = {"type": "object", "additionalProperties": value}
    if description:
        o["description"] = description
    return o


def enum(*values):
    return {"type": "string", "enum": list(values)}


def array(items):
    return {"type": "array", "items": items}


SIGNALS = enum("GPUFellOffBus", "XidError", "NodeNotReady", "ECCUncorrectable", "ECCCorrectableRising",
               "LinkDown", "ThermalThrottle", "JobStalled", "PowerFault", "SiteUnreachable")
ACTIONS = ["cordon", "uncordon", "drain", "resetGPU", "reboot", "reimage", "replacePart", "openTicket", "page",
           "failoverJob", "migrateService", "holdUpgrade"]
FAULT = enum("transient", "software", "hard")
RADIUS = enum("none", "gpu", "node", "nvlink_domain", "rack", "site", "isolate_site")
SITE_KIND = enum("on_prem", "colocation", "edge")
BY_FAULT = obj({"transient": PROB, "software": PROB, "hard": PROB})

precursor = obj({"probability": PROB, "lead_time": DIST, "signal": {"$ref": "#/$defs/signal"}},
                required=["probability", "lead_time"])
mode_keys = {
    "share": PROB, "fault": FAULT, "blast_radius": RADIUS, "detection": DIST, "remediation": array(STR),
    "signal": {"$ref": "#/$defs/signal"}, "signal_labels": named(STR), "precursor": precursor,
}
component_class = obj({
    "time_to_failure": DIST, "repair_time": DIST, "repaired_by": enum("technicians", "provider"), "part": STR,
    "detection": DIST, "diagnosis": DIST, "remediation": array(STR),
    "modes": named(obj(mode_keys, required=["share"])),
    "fault": FAULT, "blast_radius": RADIUS, "signal": {"$ref": "#/$defs/signal"}, "signal_labels": named(STR),
    "precursor": precursor,
}, required=["time_to_failure", "repair_time"])

placement = obj({"per": enum("gpu", "node", "rack", "site"), "count": INT1})
rack_type = obj({
    "nodes": INT1, "gpus_per_node": INT0, "nvlink_domain": enum("node", "rack"), "power_kw": NUM0,
    "components": named(placement),
}, required=["nodes", "gpus_per_node"])

technicians = obj({"count": INT0, "coverage": enum("24x7", "business_hours"), "response": DIST, "on_call_response": DIST})
spare = obj({"stock": INT0, "reorder_point": INT0, "reorder_quantity": INT1, "lead_time": DIST}, required=["stock"])
site_keys = {
    "name": STR, "kind": SITE_KIND, "region": STR, "racks": named(INT0), "power_capacity_kw": NUM0,
    "technicians": technicians, "spares": named(spare),
}
site_entry = obj(dict(site_keys, template=STR, count=INT1,
                      overrides=named(obj({k: v for k, v in site_keys.items() if k != "name"}))))

job_settings = {
    "checkpoint_interval": DURATION, "checkpoint_write": DURATION, "checkpoint_mode": enum("blocking", "async"),
    "reschedule_delay": DIST, "restart_overhead": DIST, "hot_spare_nodes": INT0, "job_failures": DIST,
    "allow_cross_site": BOOL, "tenant": STR, "priority": INT,
    "checkpoint_size_gb": {"type": "number", "exclusiveMinimum": 0, "maximum": 1e9},
}
job = obj(dict(job_settings, name=STR, gpus=INT1, submit_at=DURATION, work=DURATION),
          required=["gpus", "checkpoint_interval"])
arrivals = obj(dict(job_settings, name=STR, mean_interarrival=DURATION, gpus=named(NUM0), work=DIST, until=DURATION),
               required=["mean_interarrival", "gpus", "checkpoint_interval"])
job_trace = obj(dict(job_settings, file=STR), required=["file", "checkpoint_interval"])

demand = {"anyOf": [
    {"type": "number", "minimum": 0},
    obj({"mean": NUM0, "amplitude": NUM0, "peak_hour": NUM0, "csv": STR, "hour_column": STR, "value_column": STR}),
]}
service = obj({
    "name": STR, "tenant": STR, "priority": INT, "gpus_per_replica": INT1, "capacity_per_replica": NUM0,
    "demand": demand, "min_replicas": INT0, "reschedule_delay": DIST, "failover": BOOL, "scale_interval": DURATION,
    "weights_gb": {"type": "number", "exclusiveMinimum": 0, "maximum": 1e9},
}, required=["gpus_per_replica", "capacity_per_replica", "demand"])

management = obj({
    "strategy": STR, "runbooks": STR,
    "actions": {"type": "object", "propertyNames": {"enum": ACTIONS},
                "additionalProperties": obj({"duration": DIST, "clears": BY_FAULT})},
    "false_alarms": obj({"mean_time_between_per_node": DURATION, "signal": {"$ref": "#/$defs/signal"}},
                        required=["mean_time_between_per_node"]),
    "missed_alerts": obj({"probability": PROB, "found_after": DIST}, required=["probability"]),
    "approval_time": DIST,
}, required=["runbooks"])

upgrade = obj({
    "name": STR, "kind": enum("firmware", "driver", "kubernetes"), "start": DURATION, "sites": array(STR),
    "site_kinds": array(SITE_KIND), "sites_per_wave": INT1, "canary_nodes": INT0, "max_unavailable": INT1,
    "node_upgrade_time": DIST,
    "maintenance_window": obj({"days": array(enum("mon", "tue", "wed", "thu", "fri", "sat", "sun")),
                               "start": {"type": "string", "pattern": "^[0-9]{1,2}:[0-9]{2}$"}, "duration": DURATION},
                              required=["start", "duration"]),
    "soak": DURATION,
    "health_gate": {"anyOf": [enum("none"), obj({"significance": {"type": "number", "exclusiveMinimum": 0, "maximum": 0.5}},
                                                 required=["significance"])]},
    "on_gate_failure": enum("rollback", "halt"),
    "bad_version": obj({"probability": PROB, "failure_rate_multiplier": {"type": "number", "minimum": 1},
                        "components": array(STR)}, required=["probability", "failure_rate_multiplier", "components"]),
    "hold_duration": DURATION,
    "image_gb": {"type": "number", "exclusiveMinimum": 0, "maximum": 1e9},
}, required=["name", "kind", "node_upgrade_time"])

GBPS = {"type": "number", "exclusiveMinimum": 0, "maximum": 1e6}
LATENCY_MS = {"type": "number", "minimum": 0, "maximum": 60000}
link_capacities = {"spine_gbps": GBPS, "storage_gbps": GBPS, "wan_gbps": GBPS, "latency_ms": LATENCY_MS}
network = obj(dict(link_capacities,
                   sites=named(obj(link_capacities)),
                   link_failures=named({"anyOf": [enum("spine", "storage", "wan"),
                                                  obj({"link": enum("spine", "storage", "wan"),
                                                       "capacity_loss": {"type": "number", "exclusiveMinimum": 0, "maximum": 1}},
                                                      required=["link"])]}),
                   management_site=STR, alert_kb={"type": "number", "minimum": 0.001, "maximum": 1e6}),
              required=["spine_gbps", "storage_gbps", "wan_gbps"])

MONEY = {"type": "number", "minimum": 0}
costs = obj({
    "currency": STR,
    "on_prem": obj({"build_cost_per_mw": MONEY, "build_amortisation": DURATION, "pue": {"type": "number", "minimum": 1, "maximum": 5},
                    "electricity_per_kwh": MONEY, "staff_per_fte_year": MONEY, "space_per_rack_month": MONEY}),
    "colocation": obj({"price_per_kw_month": MONEY, "power_included": BOOL, "pue": {"type": "number", "minimum": 1, "maximum": 5},
                       "electricity_per_kwh": MONEY, "cross_connects_per_site_month": MONEY, "remote_hands_per_hour": MONEY,
                       "contract_term": DURATION}),
    "edge": obj({"fixed_per_site_month": MONEY, "truck_roll": MONEY, "pue": {"type": "number", "minimum": 1, "maximum": 5},
                 "electricity_per_kwh": MONEY, "staff_per_fte_year": MONEY}),
    "rack_types": named(obj({"capex": MONEY, "depreciation": DURATION, "idle_kw": MONEY, "busy_kw": MONEY},
                            required=["capex", "depreciation", "idle_kw", "busy_kw"])),
    "parts": named(MONEY),
    "spares_carrying_rate_per_year": {"type": "number", "minimum": 0, "maximum": 10},
    "wan": obj({"price_per_gbps_month": MONEY, "gbps_per_site": MONEY}),
    "downtime_per_gpu_hour": MONEY,
    "sla_penalty_per_hour": named(MONEY),
    "assumed_utilisation": PROB,
}, required=["rack_types"])

fleet = obj({
    "sample_interval": DURATION,
    "remediation_steps": named(obj({"duration": DIST, "success": BY_FAULT}, required=["duration"])),
    "component_classes": named(component_class),
    "rack_types": named(rack_type),
    "site_components": named(obj({"count": INT1})),
    "site_templates": named(obj(site_keys)),
    "sites": array(site_entry),
    "correlated_events": array(obj({"name": STR, "mean_time_between": DURATION, "component": STR, "probability": PROB,
                                    "site_kinds": array(SITE_KIND)},
                                   required=["name", "mean_time_between", "component", "probability"])),
    "incident_trace": obj({"file": STR, "format": enum("fleetsim", "lanl"), "system": INT0, "start": STR,
                           "categories": named(obj({"component": STR, "mode": STR}, required=["component"])),
                           "repair_time": enum("trace", "model")}, required=["file", "categories"]),
    "tenants": named(obj({"quota_gpus": INT0, "priority": INT})),
    "training_jobs": array(job),
    "job_arrivals": array(arrivals),
    "job_trace": job_trace,
    "inference_services": array(service),
    "management": management,
    "upgrades": array(upgrade),
    "costs": costs,
    "network": network,
}, required=["component_classes", "rack_types", "sites"])

schema = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://fleetsim.dev/schemas/scenario.schema.json",
    "title": "FleetSim scenario",
    "description": "A FleetSim scenario file (scenarios/README.md). Durations carry a unit (30min, 8h, 5y); "
                   "distributions are written like \"weibull(shape: 0.7, scale: 2000h)\".",
    "type": "object",
    "additionalProperties": False,
    "required": ["horizon"],
    "oneOf": [{"required": ["fleet"]}, {"required": ["repair_pool"]}],
    "properties": {
        "extends": dict(STR, description="A scenario file this one is laid over (relative path)."),
        "name": STR, "description": STR,
        "seed": {"type": "integer", "minimum": 0},
        "replications": INT1,
        "horizon": DURATION, "warmup": DURATION,
        "repair_pool": obj({"machines": INT1, "technicians": INT1, "time_to_failure": DIST, "repair_time": DIST},
                           required=["machines", "technicians", "time_to_failure", "repair_time"]),
        "fleet": fleet,
    },
    "$defs": {
        "duration": {"type": "string", "pattern": r"^\s*[0-9.]+([eE][-+]?[0-9]+)?\s*(s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|d|days?|w|wk|weeks?|y|yr|years?)\s*$",
                     "description": "A duration with a unit: s, min, h, d, w, y (e.g. 30min, 8h, 5y)."},
        "distribution": {
            "description": "A distribution: \"exponential(mean: 2000h)\", \"weibull(shape: 0.7, scale: 2000h)\", "
                           "\"lognormal(median: 4h, sigma: 0.8)\", a duration (deterministic), or {family: ..., parameters}.",
            "anyOf": [{"type": "string"}, {"type": "object", "required": ["family"]}],
        },
        "signal": SIGNALS,
    },
}

root = pathlib.Path(__file__).resolve().parent.parent
text = json.dumps(schema, indent=2) + "\n"
(root / "docs" / "scenario.schema.json").write_text(text)
# The same text compiled into the tool, so that `fleetsim validate` needs no resource files.
(root / "Sources" / "ScenarioLoading" / "ScenarioSchema+Text.swift").write_text(
    "// Generated by scripts/scenario-schema.py from the same data as docs/scenario.schema.json; do not edit.\n"
    "extension ScenarioSchema {\n"
    "    /// The JSON Schema of scenario files (docs/scenario.schema.json).\n"
    "    public static let text = #\"\"\"\n" + text + "\n\"\"\"#\n}\n")
print("wrote docs/scenario.schema.json and Sources/ScenarioLoading/ScenarioSchema+Text.swift")
