package com.followermaze.loadgen;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Names a setting in a validation message the way a user sets it: {@link LoadgenConfig} names
 * the value at fault by its field ({@code totalEvents: -5 (expected >= 1)}), the command line
 * prints the flag and its environment variable ({@code --total-events / LOADGEN_TOTAL_EVENTS:
 * -5 (expected >= 1)}); other settings the message refers to, in its parenthesis, become flags.
 * A message whose first word is no setting is left as it is.
 */
final class FlagNames {

    /** Fields whose flag is not their name in kebab case. */
    private static final Map<String, String> FLAGS = Map.of(
            "userAddresses", "--user-addrs",
            "eventAddress", "--event-addr",
            "failuresShown", "--show-failures",
            "inFlightWindow", "--window",
            "timeoutMillis", "--timeout");

    private static final Pattern PICOCLI_INVALID = Pattern.compile("(?s)^Invalid value for option '(--[a-z0-9-]+)': (.*)$");
    private static final Pattern LEADING_NAME = Pattern.compile("(?s)^(?:--)?([A-Za-z][A-Za-z0-9-]*): (.*)$");
    private static final Pattern CAMEL_WORD = Pattern.compile("\\b[a-z]+(?:[A-Z][a-z0-9]*)+\\b");

    private FlagNames() {
    }

    static String forUser(CommandSpec spec, String message) {
        if (message == null) {
            return null;
        }
        // picocli's own words for a value it cannot convert ('x' is not an int).
        Matcher invalid = PICOCLI_INVALID.matcher(message);
        if (invalid.matches() && spec.findOption(invalid.group(1)) != null) {
            return invalid.group(1) + " / " + LoadgenOptions.environmentName(invalid.group(1)) + ": " + invalid.group(2);
        }
        Matcher leading = LEADING_NAME.matcher(message);
        if (!leading.matches()) {
            return message;
        }
        OptionSpec option = option(spec, leading.group(1));
        if (option == null) {
            return message;
        }
        String rest = leading.group(2);
        int parenthesis = rest.indexOf(" (");
        if (parenthesis >= 0) {
            Matcher words = CAMEL_WORD.matcher(rest.substring(parenthesis));
            StringBuilder named = new StringBuilder(rest.substring(0, parenthesis));
            while (words.find()) {
                OptionSpec other = option(spec, words.group());
                words.appendReplacement(named, Matcher.quoteReplacement(other == null ? words.group() : other.longestName()));
            }
            words.appendTail(named);
            rest = named.toString();
        }
        return option.longestName() + " / " + LoadgenOptions.environmentName(option.longestName()) + ": " + rest;
    }

    private static OptionSpec option(CommandSpec spec, String name) {
        String flag = FLAGS.getOrDefault(name, "--" + name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT));
        return spec.findOption(flag);
    }
}
