package dev.corio.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report generator on a recorded run (test resources/report: a small JMH run and sleepers output). */
class ReportTest {
    static Path fixture() throws Exception {
        return Path.of(ReportTest.class.getResource("/report/jmh.json").toURI()).getParent();
    }

    @Test
    void jsonReaderReadsWhatJmhWrites() {
        Object o = Json.parse("{\"a\":[1,2.5e3,\"NaN\",true,null],\"b\":\"x\\\"y\\u0041\"}");
        assertEquals(Map.of("b", "x\"yA"), Map.of("b", ((Map<?, ?>) o).get("b")));
        List<?> a = (List<?>) ((Map<?, ?>) o).get("a");
        assertEquals(2500.0, Json.num(a.get(1)));
        assertTrue(Double.isNaN(Json.num(a.get(2))));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":1"));
    }

    @Test
    void perTaskFiguresAndRatiosComeFromTheScores() throws Exception {
        Report.Data d = Report.Data.load(fixture());
        // SpawnBench.corio: 101.562 ms for 100,000 tasks -> 1,015.6 ns per task.
        List<Report.Figure> spawn = Report.figures(d, Report.WORKLOADS.get(1));
        assertEquals("corio", spawn.get(0).peer());
        assertEquals(1015.6, spawn.get(0).value(), 1);
        // the platform peer is divided by its own, capped count (10,000)
        assertEquals("platform", spawn.get(1).peer());
        assertEquals(135_972, spawn.get(1).value(), 1);
        assertEquals("133.88×", Report.ratio(spawn.get(1).value(), spawn.get(0).value()));
    }

    @Test
    void writesTablesTargetsAndChart(@TempDir Path tmp) throws Exception {
        Report.Data d = Report.Data.load(fixture());
        String md = Report.markdown(d, "chart.png");
        assertTrue(md.contains("| machine | 2 cores (`nproc`), Test CPU, 24 GiB RAM |"), md);
        assertTrue(md.contains("| switch ≤ 50 ns (issue 2) | 26.8 ns | yes |"), md);
        assertTrue(md.contains("| await a non-suspending coroutine < 20 ns (issue 3) | 28.0 ns (hand-written) | no, missed by 1.40× |"), md);
        assertTrue(md.contains("| Platform threads | 7,043 |"), md);
        assertTrue(md.contains("| Virtual threads, default carriers | 20,000 | 1,053 ± 487 | 5.07× |"), md);
        Path png = tmp.resolve("chart.png");
        Report.chart(d, png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img.getWidth() > 1000 && img.getHeight() > 1000);
        assertTrue(Files.size(png) > 10_000);
    }
}
