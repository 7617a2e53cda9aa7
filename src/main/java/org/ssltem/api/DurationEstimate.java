package org.ssltem.api;

/** How long an operation will take, estimated before it starts from its parameters: seconds, and a sentence that says so and on what it rests. */
public record DurationEstimate(double seconds, String text) {}
