package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each line of a journaled execution was when the journal ended: per frame (see {@link JournalEntry}), the
 * state it last entered, the task token that state was handed, or the result it finished with. What an earlier
 * entry said of a frame's iterations is dropped when that frame enters another state.
 */
final class Resumption {
    /** One frame's position. */
    static final class Position {
        JournalEntry.Entered entered;
        JournalEntry.Token token;
        JsonNode finished;

        /** The id of the frame's last event, for the next one's previousEventId. */
        long lastEvent() {
            long last = entered == null ? 0 : entered.event();
            return token != null && token.submitted() ? Math.max(last, token.event()) : last;
        }
    }

    private final Map<String, Position> frames = new LinkedHashMap<>();

    static Resumption of(List<JournalEntry> entries) {
        Resumption r = new Resumption();
        for (JournalEntry e : entries) r.add(e);
        return r;
    }

    private void add(JournalEntry entry) {
        switch (entry) {
            case JournalEntry.Entered en -> {
                dropBelow(en.frame());
                Position p = new Position();
                p.entered = en;
                frames.put(en.frame(), p);
            }
            case JournalEntry.Finished f -> {
                dropBelow(f.frame());
                frames.computeIfAbsent(f.frame(), k -> new Position()).finished = f.result();
            }
            case JournalEntry.Token t -> {
                Position p = frames.get(t.frame());
                if (p != null && p.finished == null) p.token = t;
            }
            default -> { }
        }
    }

    private void dropBelow(String frame) {
        String prefix = frame + "/";
        frames.keySet().removeIf(k -> k.startsWith(prefix));
    }

    /** The frame's position, or null when the journal says nothing of it. */
    Position at(String frame) {
        return frames.get(frame);
    }

    /** The entries that say the same as the whole journal did (to start a journal anew). */
    List<JournalEntry> entries() {
        List<JournalEntry> out = new ArrayList<>();
        frames.forEach((frame, p) -> {
            if (p.entered != null) out.add(p.entered);
            if (p.token != null) out.add(p.token);
            if (p.finished != null) out.add(new JournalEntry.Finished(frame, p.finished));
        });
        return out;
    }

    static String child(String frame, String state, int index) {
        return frame + "/" + state + "[" + index + "]";
    }
}
