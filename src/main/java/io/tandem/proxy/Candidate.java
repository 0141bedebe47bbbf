package io.tandem.proxy;

/**
 * A backend a scheduler may choose: its position in the pool, a key stable for its address (for
 * source hashing), its effective weight (&gt; 0) and its active connections.
 */
public record Candidate(int id, long key, int weight, int active) {}
