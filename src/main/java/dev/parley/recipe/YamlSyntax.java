package dev.parley.recipe;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the YAML parser's report of a syntax error into one plain sentence with the line and column
 * where the problem is, without the parser's internal terms or its echo of the file.
 */
final class YamlSyntax {

    private static final Pattern MARK = Pattern.compile("^ in '[^']*', line (\\d+), column (\\d+):$");
    private static final Pattern BAD_START = Pattern.compile("found character '(.+?)' that cannot start any token");

    private YamlSyntax() {
    }

    /** Where in the file: 1-based line and column. */
    record Mark(int line, int column) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column;
        }
    }

    /**
     * The plain description of a parser message, e.g. {@code at line 3, column 6: a ':' where a value was
     * expected …}; {@code fallbackLine} and {@code fallbackColumn} are used when the message names no place.
     */
    static String describe(String parserMessage, int fallbackLine, int fallbackColumn) {
        List<String> words = new ArrayList<>();
        List<Mark> marks = new ArrayList<>();
        boolean inSnippet = false;
        for (String line : (parserMessage == null ? "" : parserMessage).split("\n")) {
            Matcher mark = MARK.matcher(line);
            if (mark.matches()) {
                marks.add(new Mark(Integer.parseInt(mark.group(1)), Integer.parseInt(mark.group(2))));
                inSnippet = true;
            } else if (inSnippet && (line.startsWith("    ") || line.isBlank())) {
                continue; // the parser's echo of the offending line and its caret
            } else if (!line.isBlank()) {
                inSnippet = false;
                words.add(line.strip());
            }
        }
        Mark where = marks.isEmpty() ? new Mark(fallbackLine, fallbackColumn) : marks.get(marks.size() - 1);
        Mark opened = marks.isEmpty() ? where : marks.get(0);
        String text = String.join(" ", words);
        return "at " + where + ": " + plain(text, opened);
    }

    private static String plain(String text, Mark opened) {
        if (text.contains("quoted scalar") && text.contains("end of stream")) {
            return "the quoted value that starts at " + opened + " is never closed";
        }
        if (text.contains("TAB")) {
            return "a tab character; YAML indents with spaces only";
        }
        if (text.contains("mapping values are not allowed here")) {
            return "a ':' where a value was expected; indent this line like the keys around it, "
                    + "or put the value in quotes if it contains ': '";
        }
        if (text.contains("flow sequence")) {
            return "the list opened with '[' at " + opened + " is not closed with ']', or lacks a ',' between items";
        }
        if (text.contains("flow mapping")) {
            return "the mapping opened with '{' at " + opened + " is not closed with '}', or lacks a ',' between entries";
        }
        if (text.contains("could not find expected ':'")) {
            return "a line that is not 'key: value' (a ':' is missing)";
        }
        if (text.contains("expected <block end>")) {
            return "this line is indented differently from the lines before it";
        }
        if (text.contains("undefined alias")) {
            return "an alias ('*name') that refers to no anchor ('&name')";
        }
        Matcher bad = BAD_START.matcher(text);
        if (bad.find()) {
            return "a value cannot start with '" + bad.group(1) + "'; put it in quotes";
        }
        return text.isEmpty() ? "the file cannot be read as YAML" : text;
    }
}
