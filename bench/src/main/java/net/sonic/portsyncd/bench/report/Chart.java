package net.sonic.portsyncd.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Small PNG charts drawn with Java2D (headless), so that publishing results needs nothing beyond the JDK: grouped
 * bars (categories x series) and lines (x, y per series), each with an optional logarithmic y axis.
 */
public final class Chart {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 60;
    private static final int BOTTOM = 110;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b)};

    private final String title;
    private final String yLabel;
    private final boolean logY;
    private final Map<String, Map<String, Double>> series = new LinkedHashMap<>();

    public Chart(String title, String yLabel, boolean logY) {
        this.title = title;
        this.yLabel = yLabel;
        this.logY = logY;
    }

    /** Adds a series: category (or x, as a number) to value. Missing or non-positive values on a log axis are skipped. */
    public Chart series(String name, Map<String, Double> values) {
        series.put(name, values);
        return this;
    }

    public void writeBars(Path file, List<String> categories) throws IOException {
        Canvas canvas = new Canvas(range());
        int groups = categories.size();
        double groupWidth = (double) canvas.plotWidth() / groups;
        double barWidth = groupWidth * 0.8 / Math.max(1, series.size());
        int s = 0;
        for (Map.Entry<String, Map<String, Double>> entry : series.entrySet()) {
            canvas.g.setColor(PALETTE[s % PALETTE.length]);
            for (int c = 0; c < groups; c++) {
                Double value = entry.getValue().get(categories.get(c));
                if (value == null || logY && value <= 0) {
                    continue;
                }
                int x = (int) (LEFT + c * groupWidth + groupWidth * 0.1 + s * barWidth);
                int y = canvas.y(value);
                canvas.g.fillRect(x, y, (int) Math.max(1, barWidth - 2), canvas.y(canvas.low) - y);
                canvas.g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
                String label = format(value);
                canvas.g.drawString(label, x + (int) (barWidth - canvas.g.getFontMetrics().stringWidth(label)) / 2 - 1, y - 3);
            }
            s++;
        }
        canvas.g.setColor(Color.BLACK);
        canvas.g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int c = 0; c < groups; c++) {
            String label = categories.get(c);
            int center = (int) (LEFT + c * groupWidth + groupWidth / 2);
            canvas.g.drawString(label, center - canvas.g.getFontMetrics().stringWidth(label) / 2, HEIGHT - BOTTOM + 20);
        }
        canvas.legend();
        canvas.write(file);
    }

    public void writeLines(Path file, String xLabel) throws IOException {
        Canvas canvas = new Canvas(range());
        double xMax = series.values().stream().flatMap(m -> m.keySet().stream()).mapToDouble(Double::parseDouble)
                .max().orElse(1);
        int s = 0;
        canvas.g.setStroke(new BasicStroke(2f));
        for (Map<String, Double> points : series.values()) {
            canvas.g.setColor(PALETTE[s++ % PALETTE.length]);
            int previousX = -1;
            int previousY = -1;
            for (Map.Entry<String, Double> point : points.entrySet()) {
                if (logY && point.getValue() <= 0) {
                    continue;
                }
                int x = (int) (LEFT + Double.parseDouble(point.getKey()) / xMax * canvas.plotWidth());
                int y = canvas.y(point.getValue());
                if (previousX >= 0) {
                    canvas.g.drawLine(previousX, previousY, x, y);
                }
                previousX = x;
                previousY = y;
            }
        }
        canvas.g.setStroke(new BasicStroke(1f));
        canvas.g.setColor(Color.BLACK);
        canvas.g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 10; i++) {
            int x = LEFT + canvas.plotWidth() * i / 10;
            canvas.g.drawLine(x, canvas.y(canvas.low), x, canvas.y(canvas.low) + 4);
            String label = format(xMax * i / 10);
            canvas.g.drawString(label, x - canvas.g.getFontMetrics().stringWidth(label) / 2, HEIGHT - BOTTOM + 18);
        }
        canvas.g.drawString(xLabel, LEFT + canvas.plotWidth() / 2 - canvas.g.getFontMetrics().stringWidth(xLabel) / 2,
                HEIGHT - BOTTOM + 36);
        canvas.legend();
        canvas.write(file);
    }

    private double[] range() {
        double max = 0;
        double min = Double.MAX_VALUE;
        for (Map<String, Double> values : series.values()) {
            for (double value : values.values()) {
                max = Math.max(max, value);
                if (value > 0) {
                    min = Math.min(min, value);
                }
            }
        }
        if (max <= 0) {
            max = 1;
        }
        if (logY) {
            return new double[] {Math.pow(10, Math.floor(Math.log10(min == Double.MAX_VALUE ? 1 : min))),
                Math.pow(10, Math.ceil(Math.log10(max * 1.5)))};
        }
        return new double[] {0, max * 1.15};
    }

    private static String format(double value) {
        if (value >= 100 || value == Math.rint(value)) {
            return String.format("%,.0f", value);
        }
        return value >= 1 ? String.format("%.1f", value) : String.format("%.3f", value);
    }

    /** The frame, axes and title of one chart. */
    private final class Canvas {
        private final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        private final Graphics2D g = image.createGraphics();
        private final double low;
        private final double high;

        Canvas(double[] range) {
            low = range[0];
            high = range[1];
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, LEFT, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(yLabel, 10, TOP - 12);
            g.drawLine(LEFT, TOP, LEFT, y(low));
            g.drawLine(LEFT, y(low), WIDTH - RIGHT, y(low));
            for (double tick : ticks()) {
                int y = y(tick);
                g.setColor(new Color(0xe0e0e0));
                g.drawLine(LEFT + 1, y, WIDTH - RIGHT, y);
                g.setColor(Color.BLACK);
                String label = format(tick);
                g.drawString(label, LEFT - 6 - g.getFontMetrics().stringWidth(label), y + 4);
            }
        }

        int plotWidth() {
            return WIDTH - LEFT - RIGHT;
        }

        int y(double value) {
            int plotHeight = HEIGHT - TOP - BOTTOM;
            double fraction = logY ? (Math.log10(value) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))
                    : (value - low) / (high - low);
            return (int) (TOP + plotHeight * (1 - Math.max(0, Math.min(1, fraction))));
        }

        private double[] ticks() {
            if (logY) {
                int decades = (int) Math.round(Math.log10(high / low));
                double[] ticks = new double[decades + 1];
                for (int i = 0; i <= decades; i++) {
                    ticks[i] = low * Math.pow(10, i);
                }
                return ticks;
            }
            double step = Math.pow(10, Math.floor(Math.log10(high / 5)));
            if (high / step > 10) {
                step *= 2;
            }
            int count = (int) (high / step);
            double[] ticks = new double[count + 1];
            for (int i = 0; i <= count; i++) {
                ticks[i] = i * step;
            }
            return ticks;
        }

        void legend() {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            int x = LEFT;
            int y = HEIGHT - BOTTOM + 55;
            int s = 0;
            for (String name : series.keySet()) {
                int width = g.getFontMetrics().stringWidth(name) + 40;
                if (x + width > WIDTH - RIGHT) {
                    x = LEFT;
                    y += 20;
                }
                g.setColor(PALETTE[s++ % PALETTE.length]);
                g.fillRect(x, y - 10, 14, 12);
                g.setColor(Color.BLACK);
                g.drawString(name, x + 20, y);
                x += width;
            }
        }

        void write(Path file) throws IOException {
            g.dispose();
            Files.createDirectories(file.toAbsolutePath().getParent());
            ImageIO.write(image, "png", file.toFile());
            System.out.println("plot written to " + file);
        }
    }
}
