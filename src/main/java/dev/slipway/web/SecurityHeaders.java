package dev.slipway.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Headers on every answer of this server (API, dashboard, git; not the environments, which the router serves):
 * no content-type sniffing, never inside a frame (clickjacking), and a Content-Security-Policy that lets pages run
 * only this server's own scripts. Inline styles stay allowed: the pages' one stylesheet and a few style attributes
 * are inline, and a style cannot run code.
 */
final class SecurityHeaders implements Filter {
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (response instanceof HttpServletResponse http) {
            http.setHeader("X-Content-Type-Options", "nosniff");
            http.setHeader("X-Frame-Options", "DENY");
            http.setHeader("Content-Security-Policy", POLICY);
        }
        chain.doFilter(request, response);
    }
}
