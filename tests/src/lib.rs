//! Shared helpers of the black-box and desktop end-to-end tests: where the
//! built binaries are, temp state dirs, and the external programs the tests
//! drive. Every test lives in `tests/tests/`.
