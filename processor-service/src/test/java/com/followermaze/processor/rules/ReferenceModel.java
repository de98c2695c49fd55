package com.followermaze.processor.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import com.followermaze.common.event.Event;
import com.followermaze.common.event.EventParser;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * The protocol's rules written as plainly as the protocol text, to check the real ones
 * against: a map of follower sets, and a list of lines per connected user.
 */
public final class ReferenceModel {

    private ReferenceModel() {
    }

    /** Small id ranges make follow/unfollow churn and repeated follows of one pair common. */
    public static List<Event> randomStream(Random random, int length, int users) {
        List<Event> stream = new ArrayList<>();
        for (int seq = 1; seq <= length; seq++) {
            int from = random.nextInt(users + 1);
            int to = random.nextInt(users + 1);
            String line = switch (random.nextInt(5)) {
                case 0 -> seq + "|F|" + from + "|" + to;
                case 1 -> seq + "|U|" + from + "|" + to;
                case 2 -> seq + "|P|" + from + "|" + to;
                case 3 -> seq + "|S|" + from;
                default -> random.nextInt(10) == 0 ? seq + "|B" : seq + "|S|" + from;
            };
            stream.add((Event) EventParser.parse(line));
        }
        return stream;
    }

    /**
     * Streams 1..n of {@code minLength..maxLength} events among users 0..users, with the mix of
     * {@link #randomStream}, drawn by jqwik: a failure shrinks to a short stream of follows
     * between user 0 and itself.
     */
    public static Arbitrary<List<Event>> streams(int minLength, int maxLength, int users) {
        Arbitrary<Integer> user = Arbitraries.integers().between(0, users);
        Arbitrary<Character> kind = Arbitraries.frequency(
                Tuple.of(10, 'F'), Tuple.of(10, 'U'), Tuple.of(10, 'P'), Tuple.of(19, 'S'), Tuple.of(1, 'B'));
        return Combinators.combine(kind, user, user).as(Draw::new).list().ofMinSize(minLength).ofMaxSize(maxLength)
                .withSizeDistribution(RandomDistribution.uniform())
                .map(draws -> {
                    List<Event> stream = new ArrayList<>();
                    for (int i = 0; i < draws.size(); i++) {
                        int seq = i + 1;
                        Draw draw = draws.get(i);
                        String line = switch (draw.kind()) {
                            case 'F', 'U', 'P' -> seq + "|" + draw.kind() + "|" + draw.from() + "|" + draw.to();
                            case 'S' -> seq + "|S|" + draw.from();
                            default -> seq + "|B";
                        };
                        stream.add((Event) EventParser.parse(line));
                    }
                    return stream;
                });
    }

    private record Draw(char kind, int from, int to) {
    }

    /** What each connected user must receive, in order. */
    public static Map<Integer, List<String>> expected(List<Event> stream, Set<Integer> connected) {
        Map<Integer, Set<Integer>> followers = new HashMap<>();
        Map<Integer, List<String>> expected = new TreeMap<>();
        for (Event event : stream) {
            String[] f = event.payload().split("\\|");
            List<Integer> recipients = new ArrayList<>();
            switch (f[1]) {
                case "F" -> {
                    followers.computeIfAbsent(Integer.parseInt(f[3]), k -> new HashSet<>()).add(Integer.parseInt(f[2]));
                    recipients.add(Integer.parseInt(f[3]));
                }
                case "U" -> followers.getOrDefault(Integer.parseInt(f[3]), new HashSet<>()).remove(Integer.parseInt(f[2]));
                case "P" -> recipients.add(Integer.parseInt(f[3]));
                case "S" -> recipients.addAll(followers.getOrDefault(Integer.parseInt(f[2]), Set.of()));
                case "B" -> recipients.addAll(connected);
                default -> throw new AssertionError(f[1]);
            }
            for (int user : recipients) {
                if (connected.contains(user)) {
                    expected.computeIfAbsent(user, k -> new ArrayList<>()).add(event.payload());
                }
            }
        }
        return expected;
    }
}
