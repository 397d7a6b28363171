package dev.slipway.web.ui;

import java.util.Map;

/**
 * The page a dashboard button leads to when the browser did not confirm by itself (no JavaScript): what will happen,
 * a Confirm button that sends the same fields again with {@code confirmed=yes}, and a way back.
 */
public record Confirmation(String title, String what, String action, Map<String, String> fields, String cancel) {}
