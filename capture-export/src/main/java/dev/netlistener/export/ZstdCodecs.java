// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.export;

import io.airlift.compress.zstd.ZstdCompressor;
import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Zstandard for parquet-java's pages from aircompressor, in pure Java: parquet-java's own codec
 * factory loads Hadoop's codec classes, which we do not ship. Writing only.
 */
final class ZstdCodecs implements CompressionCodecFactory {

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        if (codec != CompressionCodecName.ZSTD) {
            throw new IllegalArgumentException("only zstd is built in, not " + codec);
        }
        return new Compressor();
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("netlistener writes Parquet; it does not read it");
    }

    @Override
    public void release() {
    }

    private static final class Compressor implements BytesInputCompressor {
        private final ZstdCompressor zstd = new ZstdCompressor();
        /** Reused for every page: parquet-java copies the compressed bytes out before compressing the next. */
        private byte[] output = new byte[0];

        @Override
        public BytesInput compress(BytesInput page) throws IOException {
            byte[] input = page.toByteArray();
            int bound = zstd.maxCompressedLength(input.length);
            if (output.length < bound) {
                output = new byte[bound];
            }
            int length = zstd.compress(input, 0, input.length, output, 0, bound);
            return BytesInput.from(output, 0, length);
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.ZSTD;
        }

        @Override
        public void release() {
        }
    }
}
