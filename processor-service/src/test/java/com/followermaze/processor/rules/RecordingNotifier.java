package com.followermaze.processor.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.followermaze.common.event.Event;

/** A notifier that records, per connected user, the payloads it was asked to send. */
public final class RecordingNotifier implements Notifier {

    private final Set<Integer> connected;
    private final Map<Integer, List<String>> received = new TreeMap<>();

    public RecordingNotifier(Set<Integer> connected) {
        this.connected = connected;
    }

    @Override
    public void notifyUser(int userId, Event event) {
        if (connected.contains(userId)) {
            received.computeIfAbsent(userId, id -> new ArrayList<>()).add(event.payload());
        }
    }

    @Override
    public void notifyAllUsers(Event event) {
        connected.forEach(id -> notifyUser(id, event));
    }

    public Map<Integer, List<String>> received() {
        return new LinkedHashMap<>(received);
    }
}
