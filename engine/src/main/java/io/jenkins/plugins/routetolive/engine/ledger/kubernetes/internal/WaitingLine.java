package io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The promotions waiting for one single-version environment, in the order they joined, as stored in the
 * {@value #ANNOTATION} annotation of the environment's lock Lease (a JSON list readable with kubectl). The order of
 * the list is the order in which the joining writes reached the API server, never a comparison of clocks.
 */
public record WaitingLine(List<Place> places) {

    public static final String ANNOTATION = "routetolive.io/queue";
    public static final WaitingLine EMPTY = new WaitingLine(List.of());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {
    };

    /**
     * One waiting promotion.
     *
     * @param holder               {@code <controller>/<promotion id>}, as it will appear as the Lease's holder
     * @param since                when it joined the line (for people reading it; order is the list's)
     * @param renewTime            when its controller last confirmed it still waits
     * @param leaseDurationSeconds how long the place lasts without renewal before others drop it
     */
    public record Place(String holder, Instant since, Instant renewTime, int leaseDurationSeconds) {

        public Place {
            Objects.requireNonNull(holder, "holder");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(renewTime, "renewTime");
            if (leaseDurationSeconds < 1) {
                throw new IllegalArgumentException("leaseDurationSeconds of the place of " + holder
                        + " must be at least 1, but was " + leaseDurationSeconds);
            }
        }

        /** Whether its controller stopped renewing it: renewTime plus leaseDurationSeconds lies before now. */
        public boolean expiredAt(Instant now) {
            return renewTime.plusSeconds(leaseDurationSeconds).isBefore(now);
        }
    }

    public WaitingLine {
        places = List.copyOf(places);
    }

    /** The line stored in a Lease; empty without the annotation. */
    public static WaitingLine of(Lease lease) {
        Map<String, String> annotations = lease.getMetadata().getAnnotations();
        String json = annotations == null ? null : annotations.get(ANNOTATION);
        return json == null || json.isBlank() ? EMPTY : parse(json, "Lease " + lease.getMetadata().getName());
    }

    static WaitingLine parse(String json, String where) {
        List<Place> places = new ArrayList<>();
        try {
            for (Map<String, Object> place : JSON.readValue(json, LIST)) {
                places.add(new Place(String.valueOf(place.get("holder")), Instant.parse(String.valueOf(place.get("since"))),
                        Instant.parse(String.valueOf(place.get("renewTime"))),
                        ((Number) place.get("leaseDurationSeconds")).intValue()));
            }
        } catch (JsonProcessingException | DateTimeParseException | ClassCastException | NullPointerException
                 | IllegalArgumentException e) {
            throw new IllegalStateException(where + " has an unreadable " + ANNOTATION + " annotation (" + e.getMessage()
                    + "): it must be a JSON list of {holder, since, renewTime, leaseDurationSeconds}. Remove it with"
                    + " 'kubectl annotate lease " + where.replaceFirst("^Lease ", "") + " " + ANNOTATION
                    + "-'; promotions still waiting join the line again.", e);
        }
        return new WaitingLine(places);
    }

    /** Stores the line in the Lease's annotations (removing the annotation when nobody waits). */
    public void storeIn(Lease lease) {
        Map<String, String> annotations = new HashMap<>(Objects.requireNonNullElse(lease.getMetadata().getAnnotations(),
                Map.of()));
        if (places.isEmpty()) {
            annotations.remove(ANNOTATION);
        } else {
            annotations.put(ANNOTATION, json());
        }
        lease.getMetadata().setAnnotations(annotations);
    }

    String json() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Place place : places) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("holder", place.holder());
            fields.put("since", place.since().toString());
            fields.put("renewTime", place.renewTime().toString());
            fields.put("leaseDurationSeconds", place.leaseDurationSeconds());
            list.add(fields);
        }
        try {
            return JSON.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the waiting line as JSON: " + e.getMessage(), e);
        }
    }

    /** The line without places whose controllers stopped renewing them, except {@code keep}'s (the caller's own). */
    public WaitingLine withoutExpired(Instant now, String keep) {
        return new WaitingLine(places.stream().filter(p -> p.holder().equals(keep) || !p.expiredAt(now)).toList());
    }

    public Optional<Place> head() {
        return places.stream().findFirst();
    }

    public Optional<Place> place(String holder) {
        return places.stream().filter(p -> p.holder().equals(holder)).findFirst();
    }

    /** The line with this place added at its end. */
    public WaitingLine join(Place place) {
        List<Place> next = new ArrayList<>(leave(place.holder()).places);
        next.add(place);
        return new WaitingLine(next);
    }

    public WaitingLine leave(String holder) {
        return new WaitingLine(places.stream().filter(p -> !p.holder().equals(holder)).toList());
    }

    /** The line with the holder's place renewed now, keeping its position. */
    public WaitingLine renew(String holder, Instant now) {
        return new WaitingLine(places.stream().map(p -> p.holder().equals(holder)
                ? new Place(p.holder(), p.since(), now, p.leaseDurationSeconds()) : p).toList());
    }

    public boolean isEmpty() {
        return places.isEmpty();
    }

    public int size() {
        return places.size();
    }
}
