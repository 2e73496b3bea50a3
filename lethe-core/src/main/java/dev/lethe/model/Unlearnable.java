package dev.lethe.model;

/** Something that forgets on request, atomically: entirely, or not at all with an exception saying why. */
public interface Unlearnable {

    ForgetReceipt forget(ForgetRequest request);
}
