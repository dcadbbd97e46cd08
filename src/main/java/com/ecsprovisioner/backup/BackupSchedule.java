package com.ecsprovisioner.backup;

import com.ecsprovisioner.platform.Rejected;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * When backups are made and how many are kept: days of the week, whole hours of those days (in a time zone the
 * caller gives, the profile's), and the number of the policy's own snapshots kept. A slot is one such hour on one such
 * day; the schedule answers which slot is due and how long its longest gap is (a server not backed up within it is
 * flagged). Stored as text ("MON,WED", "2,14") so that a person reading the table understands it.
 */
@Embeddable
public class BackupSchedule {

    /** Alibaba keeps at most 256 manual snapshots per disk; a policy keeps far fewer, leaving room for people's own. */
    static final int MAX_KEEP = 64;

    @Column(name = "days", length = 32)
    private String days;

    @Column(name = "hours", length = 96)
    private String hours;

    @Column(name = "keep_count")
    private Integer keep;

    protected BackupSchedule() {
    }

    private BackupSchedule(Set<DayOfWeek> days, Set<Integer> hours, int keep) {
        this.days = days.stream().sorted().map(d -> d.name().substring(0, 3)).collect(Collectors.joining(","));
        this.hours = hours.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
        this.keep = keep;
    }

    /** A schedule from its parts; refused in words when a part is empty or out of range. */
    public static BackupSchedule of(Set<DayOfWeek> days, Set<Integer> hours, int keep) {
        if (days == null || days.isEmpty()) {
            throw new Rejected("A backup policy needs at least one day of the week");
        }
        if (hours == null || hours.isEmpty()) {
            throw new Rejected("A backup policy needs at least one hour of the day (0 to 23)");
        }
        for (int h : hours) {
            if (h < 0 || h > 23) {
                throw new Rejected("Hour " + h + " is not an hour of the day: use 0 to 23");
            }
        }
        if (keep < 1 || keep > MAX_KEEP) {
            throw new Rejected("A backup policy keeps 1 to " + MAX_KEEP + " snapshots, not " + keep);
        }
        return new BackupSchedule(EnumSet.copyOf(days), new TreeSet<>(hours), keep);
    }

    /**
     * A schedule as a person or a command writes it: days as "mon,wed,fri" (three letters or whole names, or
     * "daily"), hours as "2,14".
     */
    public static BackupSchedule parse(String days, String hours, int keep) {
        return of(parseDays(days), parseHours(hours), keep);
    }

    static Set<DayOfWeek> parseDays(String text) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        if (text.strip().equalsIgnoreCase("daily")) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (String part : text.split("[,\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            String p = part.toUpperCase(Locale.ROOT);
            DayOfWeek day = null;
            for (DayOfWeek d : DayOfWeek.values()) {
                if (p.length() >= 3 && d.name().startsWith(p)) {
                    day = d;
                }
            }
            if (day == null) {
                throw new Rejected("\"" + clip(part) + "\" is not a day of the week: write mon, tue, wed, thu, fri, sat, sun or daily");
            }
            out.add(day);
        }
        return out;
    }

    static Set<Integer> parseHours(String text) {
        Set<Integer> out = new TreeSet<>();
        if (text == null) {
            return out;
        }
        for (String part : text.split("[,\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            if (!part.matches("\\d{1,2}")) {
                throw new Rejected("\"" + clip(part) + "\" is not an hour of the day: write whole hours 0 to 23, e.g. 2,14");
            }
            out.add(Integer.parseInt(part));
        }
        return out;
    }

    public Set<DayOfWeek> days() {
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (String d : days.split(",")) {
            out.addAll(parseDays(d));
        }
        return out;
    }

    public Set<Integer> hours() {
        return parseHours(hours);
    }

    public int keep() {
        return keep;
    }

    /** "mon,wed" as a form shows it back. */
    public String daysText() {
        return days.toLowerCase(Locale.ROOT);
    }

    public String hoursText() {
        return hours;
    }

    /**
     * The latest slot after {@code after} and at or before {@code now}, in {@code zone}: the one backup owed now.
     * Slots missed while the product was down are not made up one by one; the latest stands for them.
     */
    public Optional<Instant> latestSlot(Instant after, Instant now, ZoneId zone) {
        List<Integer> byHourDesc = new ArrayList<>(hours());
        byHourDesc.sort((a, b) -> b - a);
        Set<DayOfWeek> onDays = days();
        LocalDate day = now.atZone(zone).toLocalDate();
        for (int back = 0; back <= 7; back++, day = day.minusDays(1)) {
            if (!onDays.contains(day.getDayOfWeek())) {
                continue;
            }
            for (int h : byHourDesc) {
                Instant slot = ZonedDateTime.of(day, LocalTime.of(h, 0), zone).toInstant();
                if (slot.isAfter(now)) {
                    continue;
                }
                return slot.isAfter(after) ? Optional.of(slot) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The first slot after {@code after} in {@code zone}. */
    public Instant nextSlot(Instant after, ZoneId zone) {
        LocalDate day = after.atZone(zone).toLocalDate();
        Set<DayOfWeek> onDays = days();
        for (int ahead = 0; ahead <= 8; ahead++, day = day.plusDays(1)) {
            if (!onDays.contains(day.getDayOfWeek())) {
                continue;
            }
            for (int h : hours()) {
                Instant slot = ZonedDateTime.of(day, LocalTime.of(h, 0), zone).toInstant();
                if (slot.isAfter(after)) {
                    return slot;
                }
            }
        }
        throw new IllegalStateException("a schedule with days and hours has a slot within a week");
    }

    /** The longest time between two slots in a week: a server with no successful backup for longer is overdue. */
    public Duration period() {
        List<Integer> weekHours = new ArrayList<>();
        for (DayOfWeek d : days()) {
            for (int h : hours()) {
                weekHours.add((d.getValue() - 1) * 24 + h);
            }
        }
        weekHours.sort(Integer::compare);
        int longest = 0;
        for (int i = 0; i < weekHours.size(); i++) {
            int next = i + 1 < weekHours.size() ? weekHours.get(i + 1) : weekHours.get(0) + 7 * 24;
            longest = Math.max(longest, next - weekHours.get(i));
        }
        return Duration.ofHours(longest);
    }

    /** "Mon, Wed at 02:00, 14:00; keeps 7". */
    public String describe() {
        String d = days().size() == 7 ? "Daily" : days().stream().map(x -> x.getDisplayName(TextStyle.SHORT, Locale.ENGLISH))
                .collect(Collectors.joining(", "));
        String h = hours().stream().map(x -> String.format(Locale.ROOT, "%02d:00", x)).collect(Collectors.joining(", "));
        return d + " at " + h + "; keeps " + keep;
    }

    private static String clip(String text) {
        return text.length() > 30 ? text.substring(0, 29) + "…" : text;
    }
}
