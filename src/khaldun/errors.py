"""The one exception tree. Every message says what was wrong and how to fix it.

    KhaldunError
    ├── SettingsError      a setting has a bad value or the config file cannot be read
    ├── ModelError         the spaCy pipeline named by the `model` setting cannot be loaded
    ├── DataFileError      a bundled or user vocabulary file (lexicon, actors) is invalid
    ├── InputError         an input path or stream cannot be read at all
    │   └── AbsentSet      a gold file names texts of a public set that is not present
    ├── StoreError         the database cannot be opened or written
    └── WorkerError        a worker process died while coding (n_process > 1)

Problems with one story never raise: they become `Rejection` records (see records.py).
"""


class KhaldunError(Exception):
    """Base of every error Khaldun raises on purpose."""


class SettingsError(KhaldunError):
    pass


class ModelError(KhaldunError):
    pass


class DataFileError(KhaldunError):
    pass


class InputError(KhaldunError):
    pass


class AbsentSet(InputError):
    """Gold that refers to ../shared/data texts when that set is absent (skipped cleanly)."""


class StoreError(KhaldunError):
    pass


class WorkerError(KhaldunError):
    pass
