//! Readers and writers for upphandla's file formats.
