package org.musicrec.model;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.javacpp.Pointer;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;

/**
 * One tensor argument of a oneDNN primitive: the caller's plain (NCHW / OIHW) memory and, when the
 * primitive wants another layout, a scratch memory in that layout plus the reorder between the two.
 * When the layouts agree the primitive works on the caller's memory directly.
 */
final class StagedMemory {
    private final DnnlRuntime runtime;
    private final memory user;
    private final memory inner;
    private final DnnlRuntime.Role role;
    private final long innerBytes;
    private final reorder reorder;
    private final IntMemoryMap reorderArgs;

    /**
     * @param input true when the primitive reads the tensor (reorder caller → inner before it runs),
     *              false when it writes it (inner → caller after)
     */
    StagedMemory(DnnlRuntime runtime, memory.desc userDesc, memory.desc innerDesc, DnnlRuntime.Role role, boolean input) {
        this.runtime = runtime;
        this.user = new memory(userDesc, runtime.engine(), (Pointer) null);
        this.role = role;
        if (userDesc.equals(innerDesc)) {
            this.inner = user;
            this.innerBytes = 0;
            this.reorder = null;
            this.reorderArgs = null;
        } else {
            this.inner = new memory(innerDesc, runtime.engine(), (Pointer) null);
            this.innerBytes = innerDesc.get_size();
            this.reorder = input ? new reorder(user, inner) : new reorder(inner, user);
            this.reorderArgs = new IntMemoryMap();
            reorderArgs.put(DNNL_ARG_FROM, input ? user : inner);
            reorderArgs.put(DNNL_ARG_TO, input ? inner : user);
        }
    }

    /** The memory the primitive gets. */
    memory forPrimitive() {
        return inner;
    }

    /** Points the caller's side at {@code data} and the inner side at this role's scratch. */
    void bind(Pointer data) {
        user.set_data_handle(data);
        if (reorder != null) {
            inner.set_data_handle(runtime.scratch(role, innerBytes));
        }
    }

    /**
     * Converts between the layouts in this argument's direction: for an input, call it before the
     * primitive runs; for an output, after. A no-op when the layouts agree.
     */
    void convert() {
        if (reorder != null) {
            reorder.execute(runtime.stream(), reorderArgs);
        }
    }
}
