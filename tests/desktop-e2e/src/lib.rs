//! Holds no code: the end-to-end scenarios live in `tests/it`.
