package dev.plumb.resource.postgres;

import java.text.Normalizer;

/**
 * SASLprep (RFC 4013) the way PostgreSQL applies it to passwords before SCRAM hashing. An
 * ASCII password is used as it is. Otherwise non-ASCII spaces become U+0020, characters
 * "commonly mapped to nothing" are dropped, and the result is NFKC-normalised; but when the
 * mapped password is empty, holds a prohibited or unassigned code point, or breaks the
 * bidirectional rules, PostgreSQL (and libpq) fall back to the raw password, and so does this.
 * Like PostgreSQL, the prohibited, unassigned and bidirectional checks read the mapped string
 * before normalisation.
 *
 * <p>One approximation: RFC 3454 fixes "unassigned" to Unicode 3.2, while this uses the Java
 * runtime's Unicode tables plus the large blocks Unicode 3.2 left empty (most later scripts,
 * emoji, symbols). A password that mixes a character assigned after Unicode 3.2 outside those
 * blocks with a character NFKC changes may hash differently here than on the server; plumb then
 * reports the password as changed and sets it again, which is safe.
 */
public final class SaslPrep {
    private static final int[] NON_ASCII_SPACE = {
        0x00A0, 0x00A0, 0x1680, 0x1680, 0x2000, 0x200B, 0x202F, 0x202F, 0x205F, 0x205F, 0x3000, 0x3000,
    };
    private static final int[] MAPPED_TO_NOTHING = {
        0x00AD, 0x00AD, 0x034F, 0x034F, 0x1806, 0x1806, 0x180B, 0x180D, 0x200B, 0x200D, 0x2060, 0x2060,
        0xFE00, 0xFE0F, 0xFEFF, 0xFEFF,
    };
    /** RFC 3454 tables C.1.2, C.2.1, C.2.2, C.3 to C.9, merged. */
    private static final int[] PROHIBITED = {
        0x0000, 0x001F, 0x007F, 0x00A0, 0x0340, 0x0341, 0x06DD, 0x06DD, 0x070F, 0x070F, 0x1680, 0x1680,
        0x180E, 0x180E, 0x2000, 0x200F, 0x2028, 0x202F, 0x205F, 0x2063, 0x206A, 0x206F, 0x2FF0, 0x2FFB,
        0x3000, 0x3000, 0xD800, 0xF8FF, 0xFDD0, 0xFDEF, 0xFEFF, 0xFEFF, 0xFFF9, 0xFFFF, 0x1D173, 0x1D17A,
        0xE0001, 0xE0001, 0xE0020, 0xE007F, 0xF0000, 0x10FFFF,
    };
    /** Large ranges that Unicode 3.2 left unassigned but later versions filled. */
    private static final int[] UNASSIGNED_IN_3_2 = {
        0x0860, 0x08FF, 0x18AA, 0x1DFF, 0x2B00, 0x2E7F, 0xA4C7, 0xABFF, 0x10000, 0x102FF, 0x1044E, 0x1CFFF,
        0x1D800, 0x1FFFD, 0x2A6D7, 0x2F7FF, 0x2FA1E, 0x2FFFD, 0x30000, 0xDFFFD, 0xE0080, 0xEFFFD,
    };

    private SaslPrep() {
    }

    /** The string PostgreSQL hashes for {@code password}. */
    public static String prepare(String password) {
        if (password.chars().allMatch(c -> c < 0x80)) {
            return password;
        }
        StringBuilder mapped = new StringBuilder();
        password.codePoints().forEach(cp -> {
            if (in(cp, NON_ASCII_SPACE)) {
                mapped.append(' ');
            } else if (!in(cp, MAPPED_TO_NOTHING)) {
                mapped.appendCodePoint(cp);
            }
        });
        if (mapped.length() == 0) {
            return password;
        }
        int[] cps = mapped.codePoints().toArray();
        boolean randAl = false;
        boolean leftToRight = false;
        for (int cp : cps) {
            if (in(cp, PROHIBITED) || !Character.isDefined(cp) || in(cp, UNASSIGNED_IN_3_2)) {
                return password;
            }
            randAl |= isRandAl(cp);
            leftToRight |= Character.getDirectionality(cp) == Character.DIRECTIONALITY_LEFT_TO_RIGHT;
        }
        if (randAl && (leftToRight || !isRandAl(cps[0]) || !isRandAl(cps[cps.length - 1]))) {
            return password;
        }
        return Normalizer.normalize(mapped, Normalizer.Form.NFKC);
    }

    private static boolean isRandAl(int cp) {
        byte d = Character.getDirectionality(cp);
        return d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
    }

    private static boolean in(int cp, int[] ranges) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (cp >= ranges[i] && cp <= ranges[i + 1]) {
                return true;
            }
        }
        return false;
    }
}
