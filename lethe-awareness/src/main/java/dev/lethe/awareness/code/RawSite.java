package dev.lethe.awareness.code;

/** A training call as an analyser found it, before field types and registration are looked up. */
record RawSite(String file, int line, String framework, String call, String model, Frame data) {
}
