package com.ecsprovisioner.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import jakarta.servlet.http.Cookie;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The time zone of the person viewing, for what the server itself must decide by date: a filter by day (the jobs'
 * "Requested" column, the audit's From and To) and the days of the dashboard's chart. The browser knows its zone and
 * the server does not, so the console's script keeps it in the {@code tz} cookie; without it (a first page before
 * the script ran, a client without script) days are UTC days. Display of times is the script's (see
 * {@code resources/ecs/time.xhtml}); this only makes the server's day boundaries agree with what is shown.
 */
@Named("viewerZone")
@RequestScoped
public class ViewerZone {

    static final String COOKIE = "tz";
    private static final DateTimeFormatter FILTER_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private ZoneId zone;

    public ZoneId zone() {
        if (zone == null) {
            zone = parse(cookie());
        }
        return zone;
    }

    /** The zone a cookie value names; UTC when it names none (absent, empty, or not a zone id). */
    static ZoneId parse(String value) {
        if (value == null || value.isBlank() || value.length() > 64) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(value.strip());
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    /** "2026-12-04 23:30:12" in the viewer's zone: what a column filter by date or time matches against. */
    public String text(Instant at) {
        return at == null ? "" : FILTER_TEXT.format(at.atZone(zone()));
    }

    /** The first instant of that day in the viewer's zone. */
    public Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone()).toInstant();
    }

    private static String cookie() {
        FacesContext faces = FacesContext.getCurrentInstance();
        if (faces == null) {
            return null;
        }
        Object cookie = faces.getExternalContext().getRequestCookieMap().get(COOKIE);
        return cookie instanceof Cookie c ? java.net.URLDecoder.decode(c.getValue(), java.nio.charset.StandardCharsets.UTF_8) : null;
    }
}
