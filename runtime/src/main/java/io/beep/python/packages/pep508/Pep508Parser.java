package io.beep.python.packages.pep508;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A recursive-descent parser for the PEP 508 dependency specifier grammar:
 * <pre>
 * specification = wsp* name wsp* extras? wsp* (versionspec | urlspec)? wsp* (';' wsp* marker)? wsp*
 * extras        = '[' wsp* (identifier (wsp* ',' wsp* identifier)*)? wsp* ']'
 * versionspec   = '(' version_many ')' | version_many          version_many = version_one (wsp* ',' version_one)*
 * urlspec       = '@' wsp* URI  (a marker after a URL must be preceded by whitespace)
 * marker        = marker_and ('or' marker_and)*   marker_and = marker_expr ('and' marker_expr)*
 * marker_expr   = marker_var marker_op marker_var | '(' marker ')'
 * </pre>
 * Each failure is a {@link Pep508Exception} saying what was expected where; Java has no PEP 508
 * library, and a regular expression cannot say which part is wrong.
 */
public final class Pep508Parser {

    private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");
    /**
     * How deep parentheses may nest in a marker. The parser and the marker's evaluation recurse once per level, so
     * without a limit a hostile requirement (20,000 levels) overflowed the stack; real markers use two or three.
     */
    public static final int MAX_MARKER_DEPTH = 100;

    /** A requirement string that is not PEP 508, with the reason and the column. */
    public static final class Pep508Exception extends IllegalArgumentException {
        Pep508Exception(String message) {
            super(message);
        }
    }

    private static final String EXTRA = "extra name";

    private final String text;
    private int pos;
    private int depth;

    private Pep508Parser(String text) {
        this.text = text;
    }

    public static ParsedRequirement parse(String text) {
        if (text == null || text.isBlank()) {
            throw new Pep508Exception("the requirement is empty");
        }
        return new Pep508Parser(text).specification();
    }

    /** Parses a marker on its own, e.g. a lock file's {@code marker = "..."}. */
    public static Marker parseMarker(String text) {
        Pep508Parser parser = new Pep508Parser(text);
        Marker marker = parser.markerOr();
        parser.skipWhitespace();
        if (!parser.atEnd()) {
            throw parser.error("unexpected '" + parser.rest() + "' after the marker");
        }
        return marker;
    }

    /** PEP 503 name normalization ({@code Foo_Bar} becomes {@code foo-bar}); extras compare the same way (PEP 685). */
    public static String normalizeName(String name) {
        return SEPARATORS.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("-");
    }

    private ParsedRequirement specification() {
        skipWhitespace();
        String name = name("project name");
        skipWhitespace();
        List<String> extras = peek('[') ? extras() : List.of();
        skipWhitespace();
        List<VersionSpecifier> specifiers = List.of();
        Optional<String> url = Optional.empty();
        if (peek('@')) {
            pos++;
            skipWhitespace();
            url = Optional.of(url());
        } else if (peek('(') || startsWithOperator()) {
            specifiers = versionSpec();
        }
        boolean whitespaceBeforeMarker = skipWhitespace();
        Optional<Marker> marker = Optional.empty();
        Optional<String> markerText = Optional.empty();
        if (peek(';')) {
            if (url.isPresent() && !whitespaceBeforeMarker) {
                throw error("a ';' after a URL must be preceded by a space, otherwise it is part of the URL");
            }
            pos++;
            skipWhitespace();
            int start = pos;
            marker = Optional.of(markerOr());
            markerText = Optional.of(text.substring(start, pos).strip());
            skipWhitespace();
        }
        if (!atEnd()) {
            throw error(url.isEmpty() && specifiers.isEmpty() && marker.isEmpty()
                    ? "unexpected '" + rest() + "' after the name; expected extras [..], a version specifier (>=, ==, ~=, ...), '@ URL' or '; marker'"
                    : "unexpected '" + rest() + "'");
        }
        return new ParsedRequirement(name, extras, specifiers, url, markerText, marker);
    }

    /** A project or extra name; {@code kind} says which, so an error blames the part that is wrong. */
    private String name(String kind) {
        int start = pos;
        if (atEnd() || !Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) > 127) {
            String article = kind.equals(EXTRA) ? "an " : "a ";
            throw error(atEnd() ? article + kind + " is missing" : article + kind + " must start with a letter or digit"
                    + (kind.equals(EXTRA) ? ", got '" + badExtra() + "'" : ""));
        }
        while (!atEnd() && isNameChar(text.charAt(pos))) {
            pos++;
        }
        String name = text.substring(start, pos);
        if (!Character.isLetterOrDigit(name.charAt(name.length() - 1))) {
            throw error("the " + kind + " '" + name + "' must end with a letter or digit");
        }
        return name;
    }

    /** The bad extra up to its ',' or ']', so the message shows which one of the list it is. */
    private String badExtra() {
        int end = pos;
        while (end < text.length() && text.charAt(end) != ',' && text.charAt(end) != ']') {
            end++;
        }
        return text.substring(pos, end).strip();
    }

    private List<String> extras() {
        pos++; // '['
        List<String> extras = new ArrayList<>();
        skipWhitespace();
        if (peek(']')) {
            pos++;
            return extras;
        }
        while (true) {
            skipWhitespace();
            extras.add(name(EXTRA));
            skipWhitespace();
            if (peek(',')) {
                pos++;
            } else if (peek(']')) {
                pos++;
                return extras;
            } else {
                throw error(atEnd() ? "the extras list is not closed with ']'" : "expected ',' or ']' in the extras list");
            }
        }
    }

    private List<VersionSpecifier> versionSpec() {
        boolean parenthesized = peek('(');
        if (parenthesized) {
            pos++;
        }
        List<VersionSpecifier> specifiers = new ArrayList<>();
        while (true) {
            skipWhitespace();
            String operator = operator();
            if (operator == null) {
                throw error("expected a version operator (~=, ==, !=, <=, >=, <, >, ===)");
            }
            skipWhitespace();
            int start = pos;
            while (!atEnd() && isVersionChar(text.charAt(pos))) {
                pos++;
            }
            String version = text.substring(start, pos);
            if (version.isEmpty()) {
                throw error("a version is missing after '" + operator + "'");
            }
            Optional<String> problem = VersionSpecifier.problem(operator, version);
            if (problem.isPresent()) {
                throw error("'" + operator + version + "': " + problem.get());
            }
            specifiers.add(new VersionSpecifier(operator, version));
            skipWhitespace();
            if (peek(',')) {
                pos++;
                continue;
            }
            break;
        }
        if (parenthesized) {
            if (!peek(')')) {
                throw error("expected ')' to close the version specifier");
            }
            pos++;
        }
        return List.copyOf(specifiers);
    }

    private String url() {
        int start = pos;
        while (!atEnd() && !Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        String url = text.substring(start, pos);
        if (url.isEmpty()) {
            throw error("a URL is missing after '@'");
        }
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null) {
                throw error("'" + url + "' is not an absolute URL (expected e.g. https://... or file:///...)");
            }
        } catch (URISyntaxException e) {
            throw error("'" + url + "' is not a valid URL: " + e.getReason());
        }
        return url;
    }

    private Marker markerOr() {
        List<Marker> terms = new ArrayList<>(List.of(markerAnd()));
        while (keyword("or")) {
            terms.add(markerAnd());
        }
        return terms.size() == 1 ? terms.get(0) : new Marker.Or(List.copyOf(terms));
    }

    private Marker markerAnd() {
        List<Marker> terms = new ArrayList<>(List.of(markerExpression()));
        while (keyword("and")) {
            terms.add(markerExpression());
        }
        return terms.size() == 1 ? terms.get(0) : new Marker.And(List.copyOf(terms));
    }

    private Marker markerExpression() {
        skipWhitespace();
        if (peek('(')) {
            if (++depth > MAX_MARKER_DEPTH) {
                throw error("the marker nests parentheses deeper than " + MAX_MARKER_DEPTH + " levels");
            }
            pos++;
            Marker inner = markerOr();
            depth--;
            skipWhitespace();
            if (!peek(')')) {
                throw error("expected ')' in the marker");
            }
            pos++;
            return inner;
        }
        Marker.Value left = markerValue();
        skipWhitespace();
        String operator = markerOperator();
        Marker.Value right = markerValue();
        if (!left.variable() && !right.variable()) {
            throw error("a marker comparison needs an environment variable on one side");
        }
        return new Marker.Compare(left, operator, right);
    }

    private Marker.Value markerValue() {
        skipWhitespace();
        if (peek('"') || peek('\'')) {
            char quote = text.charAt(pos++);
            int start = pos;
            while (!atEnd() && text.charAt(pos) != quote) {
                pos++;
            }
            if (atEnd()) {
                throw error("a quoted string in the marker is not closed");
            }
            return new Marker.Value(false, text.substring(start, pos++));
        }
        int start = pos;
        while (!atEnd() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_' || text.charAt(pos) == '.')) {
            pos++;
        }
        String variable = text.substring(start, pos);
        if (variable.isEmpty()) {
            throw error("expected a marker variable (e.g. python_version) or a quoted string");
        }
        if (variable.equals("python_implementation")) {
            variable = "platform_python_implementation"; // the legacy alias pip still accepts
        }
        if (!Marker.VARIABLES.contains(variable)) {
            pos = start;
            throw error("unknown marker variable '" + text.substring(start, start + variable.length()) + "'");
        }
        return new Marker.Value(true, variable);
    }

    private String markerOperator() {
        String operator = operator();
        if (operator != null) {
            return operator;
        }
        if (keyword("in")) {
            return "in";
        }
        int save = pos;
        if (keyword("not")) {
            if (keyword("in")) {
                return "not in";
            }
            pos = save;
        }
        throw error("expected a marker operator (==, !=, <, <=, >, >=, ~=, ===, in, not in)");
    }

    private String operator() {
        for (String op : VersionSpecifier.OPERATORS) {
            if (text.startsWith(op, pos)) {
                pos += op.length();
                return op;
            }
        }
        return null;
    }

    private boolean startsWithOperator() {
        for (String op : VersionSpecifier.OPERATORS) {
            if (text.startsWith(op, pos)) {
                return true;
            }
        }
        return false;
    }

    /** Consumes {@code word} (after optional whitespace) when it stands alone, e.g. {@code and} but not {@code android}. */
    private boolean keyword(String word) {
        int save = pos;
        skipWhitespace();
        if (text.startsWith(word, pos)) {
            int end = pos + word.length();
            if (end == text.length() || !(Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                pos = end;
                return true;
            }
        }
        pos = save;
        return false;
    }

    private boolean skipWhitespace() {
        int start = pos;
        while (!atEnd() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
        return pos > start;
    }

    private boolean peek(char c) {
        return !atEnd() && text.charAt(pos) == c;
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    /** What follows the error, cut short: a hostile requirement may be megabytes long. */
    private String rest() {
        return text.length() - pos > 80 ? text.substring(pos, pos + 80) + "..." : text.substring(pos);
    }

    private Pep508Exception error(String what) {
        return new Pep508Exception(what + " (at column " + (pos + 1) + ")");
    }

    private static boolean isNameChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.');
    }

    private static boolean isVersionChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '*' || c == '+' || c == '!');
    }
}
