package io.tandem.notify;

/**
 * One alert as it goes out: subject and body already in keepalived's words, cut to keepalived's
 * limits (255 characters of subject, 511 of body) so a runaway name cannot make a huge mail.
 */
public record Mail(String subject, String body) {
    static final int MAX_SUBJECT = 255;
    static final int MAX_BODY = 511;

    public Mail {
        subject = cut(oneLine(subject), MAX_SUBJECT);
        body = cut(body, MAX_BODY);
    }

    private static String oneLine(String s) {
        // a header must stay one line: a name with CR/LF must not inject headers
        return s.replace('\r', ' ').replace('\n', ' ');
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
