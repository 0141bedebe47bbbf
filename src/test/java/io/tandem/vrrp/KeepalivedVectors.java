package io.tandem.vrrp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The keepalived 2.2.7 captures in {@code src/test/resources/vectors/} (copied from the shared
 * lab's {@code vectors/}, see its README): every distinct VRRP payload of {@code vectors.json}
 * and every VRRP frame of the {@code *.hex.txt} files, with the fields the capture tool decoded.
 */
final class KeepalivedVectors {
    static final Path DIR = Path.of("src/test/resources/vectors");
    private static final int ETHERNET_HEADER = 14;

    private KeepalivedVectors() {}

    /** One captured VRRP frame: where it came from, its bytes and the capture tool's decoding. */
    record Frame(String name, byte[] frame, String ipHeaderHex, String vrrpHex, Map<String, Object> decoded) {
        /** The IPv4 datagram a raw socket would deliver: the frame without its Ethernet header. */
        byte[] datagram() {
            return java.util.Arrays.copyOfRange(frame, ETHERNET_HEADER, frame.length);
        }

        byte[] vrrp() {
            return HexFormat.of().parseHex(vrrpHex);
        }

        long number(String key) {
            return (Long) decoded.get(key);
        }

        String text(String key) {
            return (String) decoded.get(key);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** All records of vectors.json, VRRP and ARP alike. */
    static List<Map<String, Object>> jsonRecords() {
        List<Map<String, Object>> records = new ArrayList<>();
        for (Object o : MiniJson.array(MiniJson.parse(read(DIR.resolve("vectors.json"))))) {
            records.add(MiniJson.object(o));
        }
        return records;
    }

    /** The VRRP records of vectors.json. */
    static Stream<Frame> jsonFrames() {
        List<Frame> frames = new ArrayList<>();
        int index = 0;
        for (Map<String, Object> r : jsonRecords()) {
            index++;
            Map<String, Object> decoded = MiniJson.object(r.get("decoded"));
            if (!"vrrp".equals(decoded.get("kind"))) {
                continue;
            }
            String name = "vectors.json #" + index + " " + r.get("source") + " prio " + decoded.get("prio") + " from " + decoded.get("ip_src");
            frames.add(new Frame(name, HexFormat.of().parseHex((String) r.get("frame_hex")), (String) r.get("ip_header_hex"),
                    (String) r.get("vrrp_hex"), decoded));
        }
        return frames.stream();
    }

    /** The VRRP sections of every NAME.hex.txt (first advert and priority-0 advert of each node). */
    static Stream<Frame> hexTxtFrames() {
        List<Frame> frames = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".hex.txt")).sorted().toList()) {
                String title = null;
                String frame = null;
                String ip = null;
                String vrrp = null;
                for (String line : read(file).split("\n")) {
                    if (line.startsWith("## ")) {
                        title = line.substring(3);
                        frame = ip = vrrp = null;
                    } else if (line.startsWith("frame (")) {
                        frame = afterColon(line);
                    } else if (line.startsWith("ip header (")) {
                        ip = afterColon(line);
                    } else if (line.startsWith("vrrp payload (")) {
                        vrrp = afterColon(line);
                    } else if (line.startsWith("decoded: ")) {
                        Map<String, Object> decoded = MiniJson.object(MiniJson.parse(line.substring("decoded: ".length())));
                        if ("vrrp".equals(decoded.get("kind"))) {
                            frames.add(new Frame(file.getFileName() + ": " + title, HexFormat.of().parseHex(frame), ip, vrrp, decoded));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return frames.stream();
    }

    private static String afterColon(String line) {
        return line.substring(line.indexOf(": ") + 2).trim();
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
