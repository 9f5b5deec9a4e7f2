"""What every worker of a local run needs before its first task, loaded once by the fork server
the workers are forked from (engines.WORKER_MODULES names this module; importing it is its purpose).

- The tasks, spaCy, the extractors, dateparser's data and the default model: each worker would
  otherwise load them itself before its first task (another model is loaded by runner.warm_up_worker).
- Not the readers: the run reads the first pages itself until a worker has started.
- The collector relaxed before loading and what was loaded frozen after (pipeline.gc_tuning).
"""
from __future__ import annotations

from pipeline.gc_tuning import freeze_loaded, relax

relax()  # before the imports and the model: they make most of this process's objects

import pipeline.extract.claims  # noqa: F401 - the extractors
import pipeline.extract.nlp  # noqa: F401 - spaCy
import pipeline.runner  # noqa: F401 - the tasks
from pipeline.extract.dates import load_reference_data
from pipeline.extract.nlp import load_model

try:
    load_reference_data()
    load_model()
except Exception:  # noqa: BLE001 - a fork server that fails to start breaks the pool with no message
    pass  # the first page or date loads them again, and the run reports that error
freeze_loaded()
