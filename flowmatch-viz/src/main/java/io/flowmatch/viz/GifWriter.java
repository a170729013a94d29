package io.flowmatch.viz;

import io.flowmatch.core.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes frames as an animated GIF with the JDK's own GIF encoder (javax.imageio): a per-frame
 * delay in the Graphic Control Extension and a NETSCAPE2.0 application extension that makes
 * viewers loop forever. Written atomically.
 *
 * <p>Each frame gets a palette of its own (see {@link #indexed}), and pixels that did not change
 * since the previous frame are left transparent over it, so that the static parts of a chart
 * (axes, labels, background points) are stored once.
 */
final class GifWriter {

    private static final String FORMAT = "javax_imageio_gif_image_1.0";
    /** The most colours of a frame; one more index is kept for "unchanged". */
    private static final int COLOURS = 255;

    private GifWriter() {
    }

    /** A frame as palette indices, and the index that means "as in the previous frame" (-1: none). */
    record IndexedFrame(BufferedImage image, int transparentIndex) {
    }

    /**
     * @param frames       images of one size
     * @param delaysMillis how long each frame shows, rounded to hundredths of a second as GIF requires
     */
    static void write(Path path, List<BufferedImage> frames, int[] delaysMillis) {
        if (frames.isEmpty() || frames.size() != delaysMillis.length) {
            throw new IllegalArgumentException("need one delay per frame and at least one frame");
        }
        int w = frames.get(0).getWidth();
        int h = frames.get(0).getHeight();
        for (BufferedImage f : frames) {
            if (f.getWidth() != w || f.getHeight() != h) {
                throw new IllegalArgumentException("frames differ in size: " + w + "x" + h + " and "
                        + f.getWidth() + "x" + f.getHeight());
            }
        }
        AtomicFiles.write(path, out -> {
            Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
            if (!writers.hasNext()) {
                throw new IOException("no GIF writer available");
            }
            ImageWriter writer = writers.next();
            try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(stream);
                writer.prepareWriteSequence(null);
                int[] previous = null;
                for (int i = 0; i < frames.size(); i++) {
                    int[] rgb = frames.get(i).getRGB(0, 0, w, h, null, 0, w);
                    IndexedFrame frame = indexed(rgb, w, h, previous);
                    IIOMetadata meta = writer.getDefaultImageMetadata(
                            ImageTypeSpecifier.createFromRenderedImage(frame.image()), writer.getDefaultWriteParam());
                    configure(meta, delaysMillis[i], i == 0, frame);
                    writer.writeToSequence(new IIOImage(frame.image(), null, meta), null);
                    previous = rgb;
                }
                writer.endWriteSequence();
                stream.flush();
            } finally {
                writer.dispose();
            }
        });
    }

    /** The image with a palette of its own, as {@link #indexed(int[], int, int, int[])} without a previous frame. */
    static BufferedImage indexed(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        return indexed(image.getRGB(0, 0, w, h, null, 0, w), w, h, null).image();
    }

    /**
     * The pixels with a palette of their own: their colours when there are at most 255 (charts
     * have few), otherwise 16 greys (for text) and the 239 most frequent colours, every other
     * colour shown as the nearest of them. Exact for simple charts and much faster than the GIF writer's general quantiser.
     *
     * @param rgb      the pixels, row by row
     * @param previous the previous frame's pixels, or null; pixels equal to it get the transparent index
     */
    static IndexedFrame indexed(int[] rgb, int w, int h, int[] previous) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < rgb.length; i++) {
            if (previous == null || previous[i] != rgb[i]) {
                counts.merge(rgb[i] & 0xFFFFFF, 1, Integer::sum);
            }
        }
        List<Integer> palette = new ArrayList<>(counts.keySet());
        palette.sort((a, b) -> Integer.compare(counts.get(b), counts.get(a)));
        if (palette.size() > COLOURS) {
            // a grey ramp for text and axes, then the most frequent colours
            List<Integer> chosen = new ArrayList<>();
            for (int v = 0; v < 256; v += 17) {
                chosen.add((v << 16) | (v << 8) | v);
            }
            for (int c : palette) {
                if (chosen.size() == COLOURS) {
                    break;
                }
                if (!chosen.contains(c)) {
                    chosen.add(c);
                }
            }
            palette = chosen;
        }
        Map<Integer, Integer> index = new HashMap<>();
        for (int c : counts.keySet()) {
            index.put(c, nearest(c, palette));
        }
        int transparent = previous == null ? -1 : palette.size();
        int size = Math.max(2, palette.size() + (previous == null ? 0 : 1));
        byte[] r = new byte[size];
        byte[] g = new byte[size];
        byte[] b = new byte[size];
        for (int i = 0; i < palette.size(); i++) {
            int c = palette.get(i);
            r[i] = (byte) (c >> 16);
            g[i] = (byte) (c >> 8);
            b[i] = (byte) c;
        }
        int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(size - 1));
        IndexColorModel model = new IndexColorModel(bits, size, r, g, b, transparent);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, model);
        byte[] pixels = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rgb.length; i++) {
            pixels[i] = previous != null && previous[i] == rgb[i]
                    ? (byte) transparent
                    : (byte) (int) index.get(rgb[i] & 0xFFFFFF);
        }
        return new IndexedFrame(out, transparent);
    }

    private static int nearest(int c, List<Integer> palette) {
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i < palette.size(); i++) {
            int p = palette.get(i);
            long dr = ((c >> 16) & 0xFF) - ((p >> 16) & 0xFF);
            long dg = ((c >> 8) & 0xFF) - ((p >> 8) & 0xFF);
            long db = (c & 0xFF) - (p & 0xFF);
            long d = dr * dr + dg * dg + db * db;
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
                if (d == 0) {
                    break;
                }
            }
        }
        return best;
    }

    private static void configure(IIOMetadata meta, int delayMillis, boolean first, IndexedFrame frame)
            throws IIOInvalidTreeException {
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(FORMAT);
        // each frame carries its own palette; without it viewers would use the (default) global one
        IndexColorModel colours = (IndexColorModel) frame.image().getColorModel();
        IIOMetadataNode table = child(root, "LocalColorTable");
        while (table.getFirstChild() != null) {
            table.removeChild(table.getFirstChild());
        }
        int size = 2;
        while (size < colours.getMapSize()) {
            size *= 2;
        }
        table.setAttribute("sizeOfLocalColorTable", Integer.toString(size));
        table.setAttribute("sortFlag", "FALSE");
        for (int i = 0; i < size; i++) {
            int c = i < colours.getMapSize() ? colours.getRGB(i) : 0;
            IIOMetadataNode entry = new IIOMetadataNode("ColorTableEntry");
            entry.setAttribute("index", Integer.toString(i));
            entry.setAttribute("red", Integer.toString((c >> 16) & 0xFF));
            entry.setAttribute("green", Integer.toString((c >> 8) & 0xFF));
            entry.setAttribute("blue", Integer.toString(c & 0xFF));
            table.appendChild(entry);
        }
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        // keep each frame on screen so that the next one's transparent pixels show it
        control.setAttribute("disposalMethod", "doNotDispose");
        control.setAttribute("userInputFlag", "FALSE");
        boolean transparent = frame.transparentIndex() >= 0;
        control.setAttribute("transparentColorFlag", transparent ? "TRUE" : "FALSE");
        control.setAttribute("transparentColorIndex", Integer.toString(Math.max(0, frame.transparentIndex())));
        control.setAttribute("delayTime", Integer.toString(Math.max(1, Math.round(delayMillis / 10f))));
        if (first) {
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            loop.setUserObject(new byte[] {1, 0, 0}); // sub-block 1, loop count 0 = forever
            apps.appendChild(loop);
        }
        meta.setFromTree(FORMAT, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
