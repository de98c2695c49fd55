package com.followermaze.common.config;

import java.lang.reflect.Field;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Locale;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * Names a setting in a validation message the way an operator sets it. The config records
 * name the value at fault by their field ({@code eventPort: -1 (expected 0..65535)}) or by the
 * flag without its dashes ({@code http-port: ...}); a launcher prints the flag and its
 * environment variable instead: {@code --event-port / EVENT_PORT: -1 (expected 0..65535)}.
 * Other settings the message refers to, inside its parenthesis ({@code (expected >
 * maxLineLength, 1024)}), become their flags too.
 *
 * <p>picocli's message for a value it cannot convert ({@code Invalid value for option
 * '--http-port': 'metrics' is not an int}) is named the same way.
 *
 * <p>A name is matched to the command's options as is, in kebab case ({@code eventPort} is
 * {@code --event-port}), with {@code -ms} appended ({@code batchLinger} is {@code
 * --batch-linger-ms}) or with {@code amqp-} in front ({@code exchange} is {@code
 * --amqp-exchange}); a message whose first word matches no option is left as it is.
 */
public final class SettingNames {

    private static final Pattern PICOCLI_INVALID = Pattern.compile("(?s)^Invalid value for option '(--[a-z0-9-]+)': (.*)$");
    private static final Pattern LEADING_NAME = Pattern.compile("(?s)^(?:--)?([A-Za-z][A-Za-z0-9-]*): (.*)$");
    private static final Pattern CAMEL_WORD = Pattern.compile("\\b[a-z]+(?:[A-Z][a-z0-9]*)+\\b");
    private static final Pattern KEBAB_WORD = Pattern.compile("(?<![-\\w])[a-z]+(?:-[a-z]+)+\\b");
    private static final Pattern ENV_DEFAULT = Pattern.compile("^\\$\\{env:([A-Z0-9_]+)");

    private SettingNames() {
    }

    /** {@code message} with its leading setting named by flag and variable; see the class summary. */
    public static String forOperator(CommandSpec spec, String message) {
        if (message == null) {
            return null;
        }
        // picocli's own words for a value it cannot convert ('metrics' is not an int), from a flag or a variable.
        Matcher invalid = PICOCLI_INVALID.matcher(message);
        if (invalid.matches() && spec.findOption(invalid.group(1)) != null) {
            return label(spec.findOption(invalid.group(1))) + ": " + invalid.group(2);
        }
        Matcher leading = LEADING_NAME.matcher(message);
        if (!leading.matches()) {
            return message;
        }
        Optional<OptionSpec> option = option(spec, leading.group(1));
        if (option.isEmpty()) {
            return message;
        }
        return label(option.get()) + ": " + innerNames(spec, leading.group(2));
    }

    /**
     * How a launcher names {@code option}: {@code --event-port / EVENT_PORT}, or the flag alone
     * when no environment variable sets it.
     */
    public static String label(OptionSpec option) {
        return environmentVariable(option).map(variable -> option.longestName() + " / " + variable)
                .orElse(option.longestName());
    }

    /** The variable an option's default is read from ({@code ${env:EVENT_PORT:-9090}}), if any. */
    public static Optional<String> environmentVariable(OptionSpec option) {
        // The annotation's text, not the spec's default: picocli has already looked the variable up.
        if (!(option.userObject() instanceof Field field) || field.getAnnotation(Option.class) == null) {
            return Optional.empty();
        }
        String defaultValue = field.getAnnotation(Option.class).defaultValue();
        Matcher matcher = ENV_DEFAULT.matcher(defaultValue);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The option {@code name} stands for: a field name, a flag with or without its dashes. */
    static Optional<OptionSpec> option(CommandSpec spec, String name) {
        String kebab = name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        for (String candidate : new String[] {kebab, kebab + "-ms", "amqp-" + kebab}) {
            OptionSpec option = spec.findOption("--" + candidate);
            if (option != null) {
                return Optional.of(option);
            }
        }
        return Optional.empty();
    }

    /** Field names of other settings, after the value (in its parenthesis), as flags. */
    private static String innerNames(CommandSpec spec, String rest) {
        int parenthesis = rest.indexOf(" (");
        if (parenthesis < 0) {
            return rest;
        }
        Matcher camel = CAMEL_WORD.matcher(rest.substring(parenthesis));
        StringBuilder named = new StringBuilder();
        while (camel.find()) {
            String word = camel.group();
            camel.appendReplacement(named, Matcher.quoteReplacement(
                    option(spec, word).map(OptionSpec::longestName).orElse(word)));
        }
        camel.appendTail(named);
        // A flag without its dashes (tls-cert), but not a word that merely has a hyphen (half-open).
        Matcher kebab = KEBAB_WORD.matcher(named.toString());
        StringBuilder flagged = new StringBuilder(rest.substring(0, parenthesis));
        while (kebab.find()) {
            String word = kebab.group();
            kebab.appendReplacement(flagged, Matcher.quoteReplacement(
                    spec.findOption("--" + word) != null ? "--" + word : word));
        }
        kebab.appendTail(flagged);
        return flagged.toString();
    }
}
