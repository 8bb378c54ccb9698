import os
import sys
from pathlib import Path

# Tests load no third-party plugins from entry points (datasette's pattern).
os.environ.setdefault("LEDGERLINT_LOAD_PLUGINS", "")
sys.path.insert(0, str(Path(__file__).parent))
