package org.musicrec.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * A ResNet backbone in torchvision layout, as named by {@code encoder.backbone}.
 *
 * <p>{@code blocks[i]} residual blocks in stage {@code i}, of width {@code widths[i]} (the 3×3
 * width; a bottleneck block outputs {@code 4·width}). The first stage keeps the resolution, each
 * later one halves it. The embedding is the global average of the last stage, so its dimension
 * is {@link #embeddingDim()}: the heads take it as their input width.
 *
 * @param name       config name
 * @param bottleneck true: 1×1 → 3×3 → 1×1 bottleneck blocks (expansion 4); false: basic blocks
 * @param stemWidth  output channels of the 7×7 stem convolution
 * @param blocks     blocks per stage
 * @param widths     width per stage
 */
public record Backbone(String name, boolean bottleneck, int stemWidth, int[] blocks, int[] widths) {

    /** torchvision's ResNet-50: bottleneck [3,4,6,3], widths 64…512 (outputs 256…2048). */
    public static final Backbone RESNET50 =
            new Backbone("resnet50", true, 64, new int[] {3, 4, 6, 3}, new int[] {64, 128, 256, 512});
    /** torchvision's ResNet-18: basic blocks [2,2,2,2], widths 64…512. */
    public static final Backbone RESNET18 =
            new Backbone("resnet18", false, 64, new int[] {2, 2, 2, 2}, new int[] {64, 128, 256, 512});
    /** A CPU-sized basic-block ResNet: [1,1,1,1] blocks of widths 32…256 (256-d embedding). */
    public static final Backbone NARROW =
            new Backbone("narrow", false, 32, new int[] {1, 1, 1, 1}, new int[] {32, 64, 128, 256});

    public Backbone {
        if (blocks.length == 0 || blocks.length != widths.length) {
            throw new IllegalArgumentException("blocks and widths must be non-empty and of equal length");
        }
        blocks = blocks.clone();
        widths = widths.clone();
    }

    /** The backbone named in the config: resnet50 | resnet18 | narrow. */
    public static Backbone named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "resnet50" -> RESNET50;
            case "resnet18" -> RESNET18;
            case "narrow" -> NARROW;
            default -> throw new IllegalArgumentException(
                    "unknown encoder.backbone '" + name + "' (expected resnet50, resnet18 or narrow)");
        };
    }

    /** Channels a block of this backbone outputs per unit of width. */
    public int expansion() {
        return bottleneck ? 4 : 1;
    }

    /** Width of the pooled embedding: the last stage's output channels. */
    public int embeddingDim() {
        return widths[widths.length - 1] * expansion();
    }

    @Override
    public int[] blocks() {
        return blocks.clone();
    }

    @Override
    public int[] widths() {
        return widths.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Backbone b && b.name.equals(name) && b.bottleneck == bottleneck
                && b.stemWidth == stemWidth && Arrays.equals(b.blocks, blocks) && Arrays.equals(b.widths, widths);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(blocks) + 7 * Arrays.hashCode(widths);
    }

    @Override
    public String toString() {
        return name + (bottleneck ? "(bottleneck " : "(basic ") + Arrays.toString(blocks) + " x "
                + Arrays.toString(widths) + " -> " + embeddingDim() + ")";
    }
}
