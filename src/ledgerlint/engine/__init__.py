"""The rules engine: collects rules (Python plugins and YAML files), selects, evaluates."""
