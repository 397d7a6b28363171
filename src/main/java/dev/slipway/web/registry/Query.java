package dev.slipway.web.registry;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A request's query parameters, read from the query string alone: asking the servlet API could read a
 * form-encoded body as parameters, and a registry's bodies are blobs.
 */
record Query(Map<String, String> values) {
    static Query of(String queryString) {
        Map<String, String> values = new HashMap<>();
        if (queryString != null) {
            for (String pair : queryString.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                values.putIfAbsent(key, value);
            }
        }
        return new Query(values);
    }

    String get(String key) {
        return values.get(key);
    }
}
