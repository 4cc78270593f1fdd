package org.musicrec.io;

/** IEEE 754 binary16 conversion (Java 17 lacks Float.float16ToFloat, added in Java 20). */
public final class HalfFloat {
    private HalfFloat() {
    }

    public static float toFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0) {
            // zero or subnormal: mant * 2^-24
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** Round-to-nearest-even conversion; overflow gives infinity. */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int val = (bits & 0x7fffffff);
        if (val >= 0x7f800000) {
            // inf or NaN
            return (short) (sign | 0x7c00 | (val > 0x7f800000 ? 0x200 : 0));
        }
        if (val >= 0x477ff000) {
            // >= 65520 rounds to infinity
            return (short) (sign | 0x7c00);
        }
        if (val < 0x38800000) {
            // subnormal half (or zero): value / 2^-24, rounded to nearest even
            float abs = Float.intBitsToFloat(val);
            int m = Math.round(abs * 0x1p24f);
            if (Math.abs(abs * 0x1p24f - (int) (abs * 0x1p24f) - 0.5f) < 1e-9 && (m & 1) == 1) {
                m--;
            }
            return (short) (sign | m);
        }
        int exp = ((val >>> 23) - 112) << 10;
        int mant = val & 0x7fffff;
        int half = exp | (mant >>> 13);
        int rest = mant & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
            half++;
        }
        return (short) (sign | half);
    }
}
