package dev.corio.bench.net;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Draws the echo load driver's results ({@code benchmarks/target/echo/results.jsonl}, one JSON line per run)
 * as a bar chart: requests per second per server, one panel per connection count, each bar labelled with its
 * p99 round trip (and its round, with {@code ROUNDS}; one colour per server).
 *
 * <pre>java -cp corio-benchmarks.jar dev.corio.bench.net.EchoChart results.jsonl docs/echo.png</pre>
 */
public final class EchoChart {
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\"?([^,\"}]*)\"?");

    private EchoChart() {
    }

    public static void main(String[] args) throws IOException {
        Map<Integer, List<Map<String, String>>> byConns = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (!line.startsWith("{")) {
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            Matcher m = FIELD.matcher(line);
            while (m.find()) {
                row.put(m.group(1), m.group(2));
            }
            byConns.computeIfAbsent(Integer.parseInt(row.get("connections")), k -> new ArrayList<>()).add(row);
        }
        int panelW = 460;
        int h = 360;
        BufferedImage img = new BufferedImage(panelW * byConns.size() + 20, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), h);
        Color[] colors = {new Color(0x1f77b4), new Color(0x6baed6), new Color(0xd62728), new Color(0x2ca02c),
                new Color(0x9467bd)};
        Map<String, Color> colorOf = new LinkedHashMap<>(); // one colour per server, whatever the round
        int x0 = 20;
        for (Map.Entry<Integer, List<Map<String, String>>> e : byConns.entrySet()) {
            List<Map<String, String>> rows = e.getValue();
            double max = 0;
            for (Map<String, String> r : rows) {
                max = Math.max(max, Double.parseDouble(r.get("rps")));
            }
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(String.format(Locale.ROOT, "%,d connections: requests/s (p99 round trip)", e.getKey()), x0,
                    22);
            int top = 75;
            int bottom = h - 60;
            int barW = (panelW - 60) / Math.max(1, rows.size());
            g.setStroke(new BasicStroke(1));
            g.drawLine(x0 + 10, bottom, x0 + panelW - 30, bottom);
            for (int i = 0; i < rows.size(); i++) {
                Map<String, String> r = rows.get(i);
                double rps = Double.parseDouble(r.get("rps"));
                int bh = (int) ((bottom - top) * rps / max);
                int bx = x0 + 20 + i * barW;
                g.setColor(colorOf.computeIfAbsent(r.get("server"), k -> colors[colorOf.size() % colors.length]));
                g.fillRect(bx, bottom - bh, barW - 12, bh);
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                g.drawString(String.format(Locale.ROOT, "%,.0f", rps), bx, bottom - bh - 18);
                long p99 = Long.parseLong(r.get("p99_us"));
                String lat = p99 >= 1_000_000 ? ">=1 s" : p99 >= 10_000 ? (p99 / 1000) + " ms"
                        : String.format(Locale.ROOT, "%.2f ms", p99 / 1000.0);
                g.drawString("(" + lat + ")", bx, bottom - bh - 5);
                g.drawString(r.get("server"), bx, bottom + 16);
                if (r.containsKey("round")) { // echo.sh's ROUNDS: the same server again, alternated
                    g.drawString("round " + r.get("round"), bx, bottom + 30);
                }
            }
            x0 += panelW;
        }
        g.dispose();
        ImageIO.write(img, "png", Path.of(args[1]).toFile());
    }
}
