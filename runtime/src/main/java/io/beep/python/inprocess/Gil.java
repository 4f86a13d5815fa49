package io.beep.python.inprocess;

import org.bytedeco.cpython.PyThreadState;

import static org.bytedeco.cpython.global.python.*;

/**
 * Takes and gives back the GIL on the calling thread. Each Java thread gets one Python thread state on its
 * first call (PyGILState_Ensure, never released) and keeps it: later calls only swap it in and out
 * (PyEval_RestoreThread / PyEval_SaveThread), which is what keeps a trivial call under a microsecond. A
 * thread that ends leaves its thread state behind (a few kB each; bounded by the threads an application uses).
 */
final class Gil {

    private static final ThreadLocal<PyThreadState> STATE = new ThreadLocal<>();

    private Gil() {
    }

    static void enter() {
        PyThreadState state = STATE.get();
        if (state == null) {
            PyGILState_Ensure();
            STATE.set(PyThreadState_Get());
        } else {
            PyEval_RestoreThread(state);
        }
    }

    static void exit() {
        PyEval_SaveThread();
    }
}
