package io.ipcsh.shell;

import java.util.List;

/**
 * One kind's part of {@code list}: every object of that kind on the host, with the
 * handle this shell holds on each ({@link Session#handleFor(String)} by the object's
 * label). A new kind adds its listing to {@link #ALL}; {@code list} prints them in order.
 */
interface Listing {
    /** Every kind's listing, in the order {@code list} prints them. */
    List<Listing> ALL = List.of(new SegmentListing());

    /** Prints this kind's table (a header, then one row per object), or with {@code json} one object per line. */
    void print(Session session, boolean json);
}
