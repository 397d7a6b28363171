package dev.slipway.target;

import dev.slipway.Problem;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a target's name, endpoint, TLS files and labels must look like; each refusal says what to give instead. */
final class TargetRules {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern LABEL_KEY = Pattern.compile("[a-z][a-z0-9._-]{0,62}");
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]+]");
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");
    private static final Pattern PRIVATE_KEY = Pattern.compile("(RSA |EC |ENCRYPTED )?PRIVATE KEY");

    private TargetRules() {}

    /** Like app names: it ends up in commands, URLs and container labels. */
    static String name(String name) {
        if (name == null || name.isBlank()) {
            throw Problem.invalid("target name is missing: give a name like 'prod-a' (lower-case letters, digits and '-')");
        }
        if (!NAME.matcher(name).matches()) {
            throw Problem.invalid("target name '" + name + "' is not valid: use 1-63 characters of a-z, 0-9 and '-', "
                    + "starting with a letter or digit (pattern [a-z0-9][a-z0-9-]{0,62})");
        }
        return name;
    }

    /** {@code unix:///ABSOLUTE/PATH} or {@code tcp://HOST:PORT}. */
    static String endpoint(String endpoint) {
        String example = "give --docker unix:///var/run/docker.sock or --docker tcp://HOST:2376";
        if (endpoint == null || endpoint.isBlank()) {
            throw Problem.invalid("the target's engine endpoint is missing: " + example);
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw Problem.invalid("endpoint '" + endpoint + "' is not a valid address (" + e.getReason() + "): " + example);
        }
        if ("unix".equals(uri.getScheme())) {
            if (uri.getRawAuthority() != null || uri.getPath() == null || !uri.getPath().startsWith("/")
                    || uri.getPath().length() < 2 || uri.getQuery() != null || uri.getFragment() != null) {
                throw Problem.invalid("endpoint '" + endpoint + "' is not a unix socket address: write three slashes "
                        + "and the socket's absolute path, e.g. unix:///var/run/docker.sock");
            }
            return endpoint;
        }
        if ("tcp".equals(uri.getScheme())) {
            String path = uri.getRawPath();
            if (uri.getHost() == null || !HOST.matcher(uri.getHost()).matches() || uri.getPort() < 1
                    || uri.getPort() > 65535 || (path != null && !path.isEmpty()) || uri.getRawQuery() != null
                    || uri.getRawUserInfo() != null) {
                throw Problem.invalid("endpoint '" + endpoint + "' is not tcp://HOST:PORT (a host name or address and a "
                        + "port from 1 to 65535, nothing after it), e.g. tcp://10.0.0.5:2376");
            }
            return endpoint;
        }
        throw Problem.invalid("endpoint '" + endpoint + "' has scheme '" + uri.getScheme() + "'; Slipway reaches "
                + "Docker engines over unix:// (same host) or tcp:// (with TLS): " + example);
    }

    /** The CA or client certificate: PEM that X.509 reads. */
    /**
     * How an engine at {@code endpoint} is spoken to, for a target or an executor ({@code what}, e.g. "target 'a'"):
     * a unix socket without TLS; tcp:// with all three TLS files (the key handed to {@code seal}), or --insecure
     * said explicitly — never both, never a part of the files.
     */
    static java.util.Optional<TargetTls> tls(String what, String endpoint, java.util.Optional<String> ca,
                                             java.util.Optional<String> cert, java.util.Optional<String> key,
                                             boolean insecure, java.util.function.UnaryOperator<String> seal) {
        boolean anyTls = ca.isPresent() || cert.isPresent() || key.isPresent();
        if (endpoint.startsWith("unix:")) {
            if (anyTls || insecure) {
                throw dev.slipway.Problem.invalid(what + " is a unix socket (" + endpoint + "): TLS files and "
                        + "--insecure are for tcp:// endpoints only; leave them out");
            }
            return java.util.Optional.empty();
        }
        if (!anyTls) {
            if (!insecure) {
                throw dev.slipway.Problem.invalid(what + " at " + endpoint + " has no TLS: anyone who can reach that "
                        + "port could then run containers on the engine, and Slipway could not tell it is talking to "
                        + "the right engine. Give --tls-ca ca.pem --tls-cert cert.pem --tls-key key.pem (the engine "
                        + "started with --tlsverify), or, on a network you trust, say --insecure explicitly");
            }
            return java.util.Optional.empty();
        }
        if (insecure) {
            throw dev.slipway.Problem.invalid(what + ": --insecure and TLS files contradict each other; give one");
        }
        if (ca.isEmpty() || cert.isEmpty() || key.isEmpty()) {
            java.util.List<String> missing = new java.util.ArrayList<>();
            if (ca.isEmpty()) {
                missing.add("--tls-ca");
            }
            if (cert.isEmpty()) {
                missing.add("--tls-cert");
            }
            if (key.isEmpty()) {
                missing.add("--tls-key");
            }
            throw dev.slipway.Problem.invalid(what + " needs all three TLS files, missing: " + String.join(", ", missing)
                    + " (--tls-ca checks the engine, --tls-cert and --tls-key prove who Slipway is)");
        }
        return java.util.Optional.of(new TargetTls(certificate(ca.get(), "--tls-ca"), certificate(cert.get(), "--tls-cert"),
                seal.apply(privateKey(key.get(), "--tls-key"))));
    }

    static String certificate(String pem, String option) {
        requirePem(pem, option, "CERTIFICATE");
        try {
            if (CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).isEmpty()) {
                throw Problem.invalid(option + " holds no certificate: give the PEM file (-----BEGIN CERTIFICATE-----)");
            }
        } catch (CertificateException e) {
            throw Problem.invalid(option + " is not a readable X.509 certificate (" + e.getMessage() + "): give the "
                    + "PEM file (-----BEGIN CERTIFICATE-----) as made by openssl or the engine's setup");
        }
        return pem;
    }

    /** The client key: one PEM block of a private key. */
    static String privateKey(String pem, String option) {
        String type = requirePem(pem, option, null);
        if (!PRIVATE_KEY.matcher(type).matches()) {
            throw Problem.invalid(option + " holds a PEM '" + type + "', not a private key: give the client key file "
                    + "(-----BEGIN PRIVATE KEY----- or -----BEGIN RSA/EC PRIVATE KEY-----)");
        }
        return pem;
    }

    /** Checks the text is PEM (and of {@code expected} type when not null); returns the type. Never quotes the text. */
    private static String requirePem(String pem, String option, String expected) {
        Matcher m = pem == null ? null : PEM.matcher(pem);
        if (m == null || !m.find()) {
            throw Problem.invalid(option + " is not a PEM file (no -----BEGIN …----- / -----END …----- block): give "
                    + "the file itself, e.g. ca.pem, cert.pem, key.pem as openssl writes them");
        }
        try {
            Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw Problem.invalid(option + " is not a PEM file: the text between BEGIN and END is not base64");
        }
        if (expected != null && !m.group(1).equals(expected)) {
            throw Problem.invalid(option + " holds a PEM '" + m.group(1) + "', expected " + expected);
        }
        return m.group(1);
    }

    /** {@code key=value} items, each key once. */
    static Map<String, String> labels(List<String> items) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String item : items) {
            TargetSelector.Labelled label = label(item);
            if (labels.put(label.key(), label.value()) != null) {
                throw Problem.invalid("label '" + label.key() + "' is given twice; a target has one value per label");
            }
        }
        return labels;
    }

    static TargetSelector.Labelled label(String item) {
        int eq = item == null ? -1 : item.indexOf('=');
        if (eq < 0) {
            throw Problem.invalid("label '" + item + "' is not key=value, e.g. --label site=ka");
        }
        return new TargetSelector.Labelled(labelKey(item.substring(0, eq)), labelValue(item.substring(0, eq),
                item.substring(eq + 1)));
    }

    static String labelKey(String key) {
        if (key == null || !LABEL_KEY.matcher(key).matches()) {
            throw Problem.invalid("label key '" + key + "' is not valid: 1-63 characters of a-z, 0-9, '.', '_' and '-', "
                    + "starting with a letter (e.g. site, tier, region)");
        }
        return key;
    }

    private static String labelValue(String key, String value) {
        if (!LABEL_VALUE.matcher(value).matches()) {
            throw Problem.invalid("value '" + value + "' of label '" + key + "' is not valid: 1-63 characters of "
                    + "letters, digits, '.', '_' and '-', starting with a letter or digit (e.g. site=ka)");
        }
        return value;
    }
}
