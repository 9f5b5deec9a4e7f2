"""What every worker of a local run needs before its first task, loaded once by the fork server
the workers are forked from (engines.WORKER_MODULES names this module; importing it is its purpose).

Loaded here, the fork server does it once while the run reads its first pages or its cache;
each worker would otherwise do it in turn before its first task: the tasks, spaCy and the
extractors (1.3-1.4 s in each worker, both at once, as measured in a re-run), dateparser's
English data (0.2-0.3 s on the first date) and the default spaCy model (about half a second;
the workers share its memory until they write to it). A run with another model loads it in
each worker (runner.warm_up_worker). The readers (trafilatura, htmldate, warcio: 0.12-0.18 s)
are not: until a worker has started, the run reads the pages itself (runner.read_in_order),
so they would only delay the start of every worker; a worker imports them with its first
pages. The language identifier's model (0.6-0.7 s) is left to the workers that meet a text
not plainly English (pipeline.ingest.language).

The collector is relaxed before and what was loaded frozen after (pipeline.gc_tuning): the
import took 0.74 s -> 0.70 s, and the workers' collections leave the model alone.

The fork server is started once per process, with the modules of the first run that starts it
(runner.READER_MODULES for the ingest stage alone): a later run in the same process finds
these loaded, or loads them in each worker.
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
