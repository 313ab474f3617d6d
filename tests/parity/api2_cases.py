"""Cases for the indexing, shape and linear-algebra API (engine/ops_index.py, ops_reshape.py,
ops_linalg.py, linalg.py, special.py), run the same way under torch and under the engine.

Each case is ``fn(T, leaves) -> result``: ``T`` is ``torch`` or ``engine``, ``leaves`` the
case's input tensors (made from ``LEAVES`` with ``requires_grad=True`` in the dtype asked for).
A result that is a tuple is reduced to its first differentiable element for the gradient;
``run`` returns what is compared: every output's values, dtype, shape and ``grad_fn`` name,
and each leaf's gradient of ``(out * w).sum()`` with ``w = 1, 2, 3, ...`` (so each output
element's gradient is told apart).  ``record_api2.py`` stores torch's run in
``fixtures/api2.json``.
"""
from __future__ import annotations

import numpy as np

X = [[1.0, 2.5, -3.0, 4.0], [5.0, -6.5, 7.0, 8.25], [-9.0, 10.0, 11.5, -12.0]]
M = [[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.5, 1.0, 4.0]]
N = [[1.0, -2.0, 0.5], [0.0, 1.5, -1.0], [2.0, 0.25, 1.0]]
V = [1.0, -2.0, 3.0]
W = [0.5, 1.0, 2.0, -1.5]
B = [[[1.0, 2.0], [3.0, 4.5]], [[0.0, 1.0], [-1.0, 2.0]]]
P = [[0.9, 0.1, 0.4], [0.3, 0.6, 0.2]]

# name -> (fn(T, leaves), leaf values)
CASES = {
    # ---- indexing
    "gather": (lambda T, L: T.gather(L[0], 1, T.tensor([[0, 1], [2, 0], [3, 3]])), [X]),
    "gather_method_dim0": (lambda T, L: L[0].gather(0, T.tensor([[2, 1, 0, 0]])), [X]),
    "scatter_src": (lambda T, L: L[0].scatter(1, T.tensor([[0, 1], [2, 0], [3, 1]]),
                                              L[1][:, :2]), [X, M]),
    "scatter_value": (lambda T, L: L[0].scatter(1, T.tensor([[0], [2], [3]]), 1.5), [X]),
    "scatter_inplace": (lambda T, L: (L[0] * 1).scatter_(0, T.tensor([[2, 0, 1, 0]]),
                                                         L[1][:1].repeat(1, 2)[:, :4]), [X, M]),
    "scatter_add": (lambda T, L: L[0].scatter_add(1, T.tensor([[0, 0], [2, 0], [3, 3]]),
                                                  L[1][:, :2]), [X, M]),
    "scatter_add_inplace": (lambda T, L: T.zeros(3, 5, dtype=L[0].dtype).scatter_add_(
        1, T.tensor([[0, 0, 4], [1, 1, 1], [2, 3, 2]]), L[0]), [M]),
    "index_select": (lambda T, L: T.index_select(L[0], 1, T.tensor([3, 0, 3])), [X]),
    "index_select_method": (lambda T, L: L[0].index_select(0, T.tensor([2, 0])), [X]),
    "index_add": (lambda T, L: L[0].index_add(0, T.tensor([1, 1, 2]), L[1]), [M, N]),
    "index_add_alpha": (lambda T, L: T.index_add(L[0], 1, T.tensor([0, 2, 0]), L[1], alpha=2),
                        [M, N]),
    "index_fill": (lambda T, L: L[0].index_fill(1, T.tensor([0, 2]), -1.0), [X]),
    "index_fill_inplace": (lambda T, L: (L[0] * 2).index_fill_(0, T.tensor([1]), 0.5), [X]),
    "masked_fill": (lambda T, L: L[0].masked_fill(L[0] > 4.5, 0.0), [X]),
    "masked_fill_broadcast": (lambda T, L: L[0].masked_fill(
        T.tensor([True, False, True, False]), -1.0), [X]),
    "masked_fill_neg_inf_softmax": (lambda T, L: T.softmax(T.masked_fill(
        L[0], T.tensor([[False, False, True, True], [False, True, True, True],
                        [False, False, False, True]]), float("-inf")), dim=1), [X]),
    "masked_fill_tensor_value": (lambda T, L: L[0].masked_fill(L[0] < 0, L[1][0, 0]), [X, M]),
    "masked_fill_inplace": (lambda T, L: (L[0] * 1).masked_fill_(L[0] > 7.5, 2.0), [X]),
    "masked_fill_on_a_view": (lambda T, L: (lambda y: (y[:, 1].masked_fill_(
        T.tensor([True, False, True]), 0.0), y)[1])(L[0] * 1), [X]),
    "scatter_on_a_view": (lambda T, L: (lambda y: (y[1:].scatter_(
        1, T.tensor([[0], [2]]), 9.0), y)[1])(L[0] * 1), [X]),
    "index_fill_on_a_view": (lambda T, L: (lambda y: (y.t()[0].index_fill_(
        0, T.tensor([1]), -2.0), y)[1])(L[0] * 1), [X]),
    "masked_select": (lambda T, L: L[0].masked_select(L[0] > 2), [X]),
    "masked_select_broadcast": (lambda T, L: T.masked_select(
        L[0], T.tensor([True, False, False, True])), [X]),
    "masked_scatter": (lambda T, L: L[0].masked_scatter(L[0] > 5.5, L[1]), [X, X]),
    "take": (lambda T, L: L[0].take(T.tensor([[0, 5], [11, -1]])), [X]),
    "take_along_dim": (lambda T, L: T.take_along_dim(L[0], T.tensor([[1], [0], [3]]), dim=1),
                       [X]),
    "take_along_dim_argsort": (lambda T, L: T.take_along_dim(
        L[0], L[0].detach().argmax(dim=1, keepdim=True), dim=1), [X]),
    "take_along_dim_flat": (lambda T, L: T.take_along_dim(L[0], T.tensor([0, 11, 5])), [X]),
    "narrow": (lambda T, L: L[0].narrow(1, 1, 2), [X]),
    "narrow_negative_start": (lambda T, L: T.narrow(L[0], 0, -2, 2), [X]),
    "select": (lambda T, L: L[0].select(1, -1), [X]),
    "select_function": (lambda T, L: T.select(L[0], 0, 1), [X]),
    "topk": (lambda T, L: L[0].topk(2), [X]),
    "topk_smallest_dim0": (lambda T, L: T.topk(L[0], 1, dim=0, largest=False), [X]),
    "index_put_accumulate": (lambda T, L: (L[0] * 1).index_put_(
        (T.tensor([0, 0, 2]), T.tensor([1, 1, 3])), L[1], accumulate=True), [X, V]),
    "index_put": (lambda T, L: (L[0] * 1).index_put_(
        (T.tensor([0, 2]), T.tensor([1, 3])), L[1][:2]), [X, V]),
    "put": (lambda T, L: (L[0] * 1).put_(T.tensor([0, 11]), L[1][:2]), [X, V]),
    "put_accumulate": (lambda T, L: (L[0] * 1).put_(T.tensor([1, 1, 4]), L[1],
                                                    accumulate=True), [X, V]),
    "where_one_arg": (lambda T, L: T.where(L[0] > 6), [X]),
    "where_three_args": (lambda T, L: T.where(L[0] > 6, L[0], L[0] * 2), [X]),
    "nonzero": (lambda T, L: (L[0] > 6).nonzero(), [X]),
    "nonzero_as_tuple": (lambda T, L: T.nonzero(L[0] > 6, as_tuple=True), [X]),
    "argwhere": (lambda T, L: T.argwhere(L[0] < 0), [X]),
    "unique": (lambda T, L: T.unique(T.tensor([3, 1, 2, 3, 1])), []),
    "unique_inverse_counts": (lambda T, L: T.unique(T.tensor([3.0, 1.0, 2.0, 3.0]),
                                                    return_inverse=True, return_counts=True), []),
    "unique_dim": (lambda T, L: T.unique(T.tensor([[1, 2], [1, 2], [0, 1]]), dim=0,
                                         return_inverse=True), []),
    "bincount": (lambda T, L: T.bincount(T.tensor([0, 1, 1, 3, 1])), []),
    "bincount_weights": (lambda T, L: T.bincount(T.tensor([0, 1, 1]),
                                                 weights=T.tensor([0.5, 2.0, 3.0]),
                                                 minlength=5), []),
    "histc": (lambda T, L: T.histc(T.tensor([1.0, 2.0, 1.0, 2.5]), bins=4, min=0, max=3), []),
    "histc_data_range": (lambda T, L: T.histc(T.tensor([1.0, 2.0, 1.0, 7.5]), bins=3), []),
    "sort_prints": (lambda T, L: T.tensor([3.0, 1.0, 2.0]).sort(descending=True), []),
    # ---- shape
    "flip": (lambda T, L: L[0].flip(0), [X]),
    "flip_dims_list": (lambda T, L: T.flip(L[0], [0, 1]), [X]),
    "fliplr": (lambda T, L: L[0].fliplr(), [X]),
    "flipud": (lambda T, L: T.flipud(L[0]), [X]),
    "roll": (lambda T, L: L[0].roll(1, 0), [X]),
    "roll_flat": (lambda T, L: T.roll(L[0], 3), [X]),
    "roll_two_dims": (lambda T, L: T.roll(L[0], (1, -1), (0, 1)), [X]),
    "rot90": (lambda T, L: L[0].rot90(), [X]),
    "rot90_k2": (lambda T, L: T.rot90(L[0], 2, [0, 1]), [X]),
    "rot90_k_negative": (lambda T, L: L[0].rot90(-1, [1, 0]), [X]),
    "tile": (lambda T, L: L[0].tile(2), [X]),
    "tile_more_dims": (lambda T, L: T.tile(L[0], (2, 1, 1)), [X]),
    "repeat_interleave": (lambda T, L: L[0].repeat_interleave(2, dim=0), [X]),
    "repeat_interleave_flat": (lambda T, L: L[0].repeat_interleave(2), [V]),
    "repeat_interleave_counts": (lambda T, L: L[0].repeat_interleave(T.tensor([1, 0, 2]),
                                                                     dim=0), [X]),
    "repeat_interleave_counts_only": (lambda T, L: T.repeat_interleave(T.tensor([2, 0, 3])),
                                      []),
    "movedim": (lambda T, L: L[0].reshape(3, 2, 2).movedim(0, -1), [X]),
    "movedim_tuple": (lambda T, L: T.movedim(L[0].reshape(3, 2, 2), (0, 1), (2, 0)), [X]),
    "moveaxis": (lambda T, L: T.moveaxis(L[0], 0, 1), [X]),
    "swapaxes": (lambda T, L: L[0].swapaxes(0, 1), [X]),
    "swapdims": (lambda T, L: T.swapdims(L[0], 1, 0), [X]),
    "unflatten": (lambda T, L: L[0].unflatten(1, (2, 2)), [X]),
    "unflatten_minus_one": (lambda T, L: T.unflatten(L[0], 1, (-1, 2)), [X]),
    "broadcast_to": (lambda T, L: L[0].broadcast_to(2, 3), [V]),
    "broadcast_to_function": (lambda T, L: T.broadcast_to(L[0], (2, 3)), [V]),
    "broadcast_tensors": (lambda T, L: T.broadcast_tensors(L[0][:, None], L[1]), [V, W]),
    "hstack": (lambda T, L: T.hstack([L[0], L[0]]), [X]),
    "hstack_vectors": (lambda T, L: T.hstack((L[0], L[1])), [V, W]),
    "vstack": (lambda T, L: T.vstack([L[0], L[0] * 2]), [V]),
    "dstack": (lambda T, L: T.dstack([L[0], L[0]]), [M]),
    "column_stack": (lambda T, L: T.column_stack([L[0], L[0] * 2]), [V]),
    "concatenate": (lambda T, L: T.concatenate([L[0], L[0]], 1), [X]),
    "tensor_split_sections": (lambda T, L: L[0].tensor_split(2)[1], [X]),
    "tensor_split_indices": (lambda T, L: T.tensor_split(L[0], [1, 3], dim=1)[1], [X]),
    "hsplit": (lambda T, L: L[0].hsplit(2)[1], [X]),
    "vsplit": (lambda T, L: T.vsplit(L[0], [1])[1], [X]),
    "contiguous_then_view": (lambda T, L: L[0].t().contiguous().view(-1), [X]),
    "contiguous_is_contiguous": (lambda T, L: T.tensor(
        [L[0].t().is_contiguous(), L[0].t().contiguous().is_contiguous()]), [X]),
    "flip_dims_keyword": (lambda T, L: L[0].flip(dims=[1]), [X]),
    "tile_dims_keyword": (lambda T, L: T.tile(L[0], dims=(2,)), [V]),
    "broadcast_to_size_keyword": (lambda T, L: T.broadcast_to(L[0], size=(2, 3)), [V]),
    "ravel": (lambda T, L: L[0].ravel(), [X]),
    "ravel_transposed": (lambda T, L: L[0].t().ravel(), [X]),
    "unfold": (lambda T, L: L[0].unfold(0, 2, 1), [W]),
    "unfold_step": (lambda T, L: L[0].unfold(1, 2, 2), [X]),
    "t_": (lambda T, L: (L[0] * 1).t_(), [M]),
    "t_on_a_view": (lambda T, L: (L[0] * 1)[:, 0].t_(), [X]),
    "transpose_": (lambda T, L: (L[0] * 1).reshape(3, 1, 4).transpose_(0, 2), [X]),
    "squeeze_": (lambda T, L: (L[0] * 1).reshape(3, 1, 4).squeeze_(), [X]),
    "squeeze_dim": (lambda T, L: (L[0] * 1).reshape(3, 1, 4).squeeze_(1), [X]),
    "unsqueeze_": (lambda T, L: (L[0] * 1).unsqueeze_(1), [X]),
    "resize_": (lambda T, L: T.arange(6.0).resize_(2, 2), []),
    "resize_grow": (lambda T, L: T.arange(4.0).resize_(2, 2), []),
    "squeeze_tuple": (lambda T, L: L[0].reshape(1, 3, 1, 4).squeeze((0, 2)), [X]),
    "squeeze_tuple_function": (lambda T, L: T.squeeze(L[0].reshape(1, 3, 4), (0, 1)), [X]),
    "fill_diagonal_": (lambda T, L: (L[0] * 1).fill_diagonal_(5.0), [M]),
    "fill_diagonal_wrap": (lambda T, L: T.zeros(7, 3).fill_diagonal_(2.0, wrap=True), []),
    "fill_diagonal_tall": (lambda T, L: (L[0] * 1).t().contiguous().fill_diagonal_(-1.0), [X]),
    "mT": (lambda T, L: L[0].mT, [X]),
    "mH": (lambda T, L: L[0].mH, [X]),
    "H": (lambda T, L: L[0].H, [X]),
    # ---- products and linear algebra
    "bmm": (lambda T, L: T.bmm(L[0], L[0]), [B]),
    "mv": (lambda T, L: L[0].mv(L[1]), [M, V]),
    "outer": (lambda T, L: T.outer(L[0], L[1]), [V, W]),
    "ger": (lambda T, L: L[0].ger(L[1]), [V, W]),
    "inner_vectors": (lambda T, L: T.inner(L[0], L[0]), [V]),
    "inner_matrices": (lambda T, L: T.inner(L[0], L[1]), [X, X]),
    "addmm": (lambda T, L: T.addmm(L[0], L[0], L[1]), [M, N]),
    "addmm_beta_alpha": (lambda T, L: T.addmm(L[2], L[0], L[1], beta=0.5, alpha=2), [M, N, V]),
    "addmv": (lambda T, L: T.addmv(L[1], L[0], L[1]), [M, V]),
    "addmv_beta_alpha": (lambda T, L: T.addmv(L[1], L[0], L[1], beta=2, alpha=-1), [M, V]),
    "addr": (lambda T, L: T.addr(L[0], L[1], L[1]), [M, V]),
    "addr_alpha": (lambda T, L: L[0].addr(L[1], L[1], alpha=3), [M, V]),
    "baddbmm": (lambda T, L: T.baddbmm(L[0], L[0], L[0], beta=0.5, alpha=2), [B]),
    "cross": (lambda T, L: T.cross(L[0], L[1], dim=1), [M, N]),
    "linalg_cross": (lambda T, L: T.linalg.cross(L[0], L[1]), [M, N]),
    "kron": (lambda T, L: T.kron(L[0], L[1]), [M, V]),
    "kron_3d": (lambda T, L: T.kron(L[0], L[1][:2, :2]), [B, M]),
    "tensordot_pairs": (lambda T, L: T.tensordot(L[0], L[0], dims=([1], [1])), [X]),
    "tensordot_int": (lambda T, L: T.tensordot(L[0], L[1], dims=2), [M, N]),
    "cdist": (lambda T, L: T.cdist(L[0], L[1]), [X, [[0.5, 1.0, 2.0, -1.5], W]]),
    "cdist_p1": (lambda T, L: T.cdist(L[0], L[0][:2] + 0.5, p=1), [X]),
    "cdist_p3": (lambda T, L: T.cdist(L[0], L[1], p=3), [M, N]),
    "einsum_matmul": (lambda T, L: T.einsum("ij,jk->ik", L[0], L[1]), [M, N]),
    "einsum_trace": (lambda T, L: T.einsum("ii", L[0]), [M]),
    "einsum_diagonal": (lambda T, L: T.einsum("ii->i", L[0]), [M]),
    "einsum_transpose": (lambda T, L: T.einsum("ij->ji", L[0]), [X]),
    "einsum_outer": (lambda T, L: T.einsum("i,j->ij", L[0], L[1]), [V, W]),
    "einsum_batch": (lambda T, L: T.einsum("bij,bjk->bik", L[0], L[0]), [B]),
    "einsum_ellipsis": (lambda T, L: T.einsum("...ij,...jk", L[0], L[0]), [B]),
    "einsum_dot_list": (lambda T, L: T.einsum("i,i->", [L[0], L[0]]), [V]),
    "einsum_sum": (lambda T, L: T.einsum("ij->", L[0]), [X]),
    "einsum_three": (lambda T, L: T.einsum("ij,jk,kl->il", L[0], L[1], L[0]), [M, N]),
    "einsum_elementwise": (lambda T, L: T.einsum("ij,ij->ij", L[0], L[1]), [M, N]),
    "einsum_bilinear": (lambda T, L: T.einsum("i,ij,j->", L[0], L[1], L[0]), [V, M]),
    "multi_dot": (lambda T, L: T.linalg.multi_dot([L[0], L[1], L[0]]), [M, N]),
    "inverse": (lambda T, L: T.inverse(L[0]), [M]),
    "inverse_method": (lambda T, L: L[0].inverse(), [N]),
    "linalg_inv": (lambda T, L: T.linalg.inv(L[0]), [M]),
    "det": (lambda T, L: T.det(L[0]), [M]),
    "det_batched": (lambda T, L: T.linalg.det(L[0]), [B]),
    "logdet": (lambda T, L: T.logdet(L[0]), [M]),
    "slogdet": (lambda T, L: T.slogdet(L[0]).logabsdet, [N]),
    "slogdet_prints": (lambda T, L: T.slogdet(T.tensor(N)), []),
    "slogdet_sign_has_no_gradient": (lambda T, L: T.slogdet(L[0] * 1).sign, [N]),
    "linalg_slogdet": (lambda T, L: T.linalg.slogdet(L[0] * 1).logabsdet, [N]),
    "linalg_slogdet_prints": (lambda T, L: T.linalg.slogdet(T.tensor(M)), []),
    "solve_vector": (lambda T, L: T.linalg.solve(L[0], L[1]), [M, V]),
    "solve_matrix": (lambda T, L: T.linalg.solve(L[0], L[1]), [M, N]),
    "pinv_wide": (lambda T, L: T.linalg.pinv(L[0]), [P]),
    "pinverse_tall": (lambda T, L: T.pinverse(L[0].t()), [P]),
    "matrix_power": (lambda T, L: T.linalg.matrix_power(L[0], 3), [M]),
    "matrix_power_negative": (lambda T, L: T.matrix_power(L[0], -2), [M]),
    "matrix_power_zero": (lambda T, L: L[0].matrix_power(0), [M]),
    "linalg_norm": (lambda T, L: T.linalg.norm(L[0]), [X]),
    "linalg_norm_dim": (lambda T, L: T.linalg.norm(L[0], dim=1), [X]),
    "linalg_norm_ord1_vector": (lambda T, L: T.linalg.norm(L[0], ord=1), [V]),
    "linalg_norm_fro": (lambda T, L: T.linalg.norm(L[0], "fro"), [X]),
    "linalg_norm_spectral": (lambda T, L: T.linalg.norm(L[0], ord=2), [M]),
    "vector_norm": (lambda T, L: T.linalg.vector_norm(L[0], ord=3, dim=0), [X]),
    "vector_norm_inf": (lambda T, L: T.linalg.vector_norm(L[0], float("inf")), [X]),
    "vector_norm_minus_inf": (lambda T, L: T.linalg.vector_norm(L[0], float("-inf"), dim=1),
                              [X]),
    "vector_norm_zero": (lambda T, L: T.linalg.vector_norm(L[0] * (L[0] > 0), 0), [X]),
    "matrix_norm": (lambda T, L: T.linalg.matrix_norm(L[0]), [X]),
    "matrix_norm_nuc": (lambda T, L: T.linalg.matrix_norm(L[0], "nuc"), [M]),
    "matrix_norm_1": (lambda T, L: T.linalg.matrix_norm(L[0], 1), [X]),
    "matrix_norm_inf": (lambda T, L: T.linalg.matrix_norm(L[0], float("inf")), [X]),
    "eigvalsh": (lambda T, L: T.linalg.eigvalsh(L[0] + L[0].t()), [M]),
    "svdvals": (lambda T, L: T.linalg.svdvals(L[0]), [X]),
    "eigh_values": (lambda T, L: T.linalg.eigh(L[0] + L[0].t()).eigenvalues, [M]),
    "eigh_vectors": (lambda T, L: T.linalg.eigh(L[0] + L[0].t())[1], [M]),
    "eigh_both": (lambda T, L: (lambda r: r[0].sum() * r[1])(T.linalg.eigh(L[0] + L[0].t())),
                  [M]),
    "eigh_prints": (lambda T, L: T.linalg.eigh(T.tensor([[2.0, 1.0], [1.0, 2.0]])), []),
    # U and Vh are unique only up to the sign of each singular vector, and LAPACK builds
    # differ in the sign they pick: the cases below use sign-free quantities (S, U Uᵀ, UΣVh)
    # except for the wide matrix, where torch and numpy pick the same signs
    "svd_S": (lambda T, L: T.linalg.svd(L[0], full_matrices=False).S, [X]),
    "svd_U": (lambda T, L: T.linalg.svd(L[0], full_matrices=False).U, [X]),
    "svd_Vh": (lambda T, L: T.linalg.svd(L[0], full_matrices=False).Vh, [X]),
    "svd_projector_tall": (lambda T, L: (lambda u: u @ u.t())(
        T.linalg.svd(L[0].t(), full_matrices=False)[0]), [X]),
    "svd_row_projector_tall": (lambda T, L: (lambda vh: vh.t() @ vh)(
        T.linalg.svd(L[0].t(), full_matrices=False)[2]), [X]),
    "svd_reconstruct": (lambda T, L: (lambda r: (r.U * r.S) @ r.Vh)(
        T.linalg.svd(L[0], full_matrices=False)), [X]),
    "svd_all_three": (lambda T, L: (lambda r: r.U.sum() + r.S.sum() * 2 + r.Vh.sum())(
        T.linalg.svd(L[0], full_matrices=False)), [X]),
    "svd_full_shapes": (lambda T, L: T.tensor([list(t.shape) for t in T.linalg.svd(
        T.tensor(P))][0] + [list(t.shape) for t in T.linalg.svd(T.tensor(P))][2]), []),
    "torch_svd_S_and_V_shape": (lambda T, L: (lambda r: r.S * r.V.shape[0])(T.svd(L[0])), [P]),
    "cholesky": (lambda T, L: T.linalg.cholesky(L[0] @ L[0].t() + T.eye(3, dtype=L[0].dtype)),
                 [M]),
    "cholesky_upper": (lambda T, L: T.linalg.cholesky(L[0] @ L[0].t() + T.eye(
        3, dtype=L[0].dtype), upper=True), [M]),
    "lstsq": (lambda T, L: T.linalg.lstsq(L[0], L[1]).solution,
              [[[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]], [[1.0], [2.0], [2.5]]]),
    "lstsq_prints": (lambda T, L: T.linalg.lstsq(T.tensor([[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]]),
                                                 T.tensor([[1.0], [2.0], [2.0]])), []),
    "matrix_rank": (lambda T, L: T.linalg.matrix_rank(T.tensor([[1.0, 2.0], [2.0, 4.0]])), []),
    "searchsorted": (lambda T, L: T.searchsorted(T.tensor([1, 3, 5, 7, 9]),
                                                 T.tensor([[3, 6, 9], [3, 6, 9]])), []),
    "searchsorted_right": (lambda T, L: T.searchsorted(T.tensor([1.0, 3.0, 5.0]),
                                                       T.tensor([3.0, 6.0]), right=True), []),
    "bucketize": (lambda T, L: T.bucketize(T.tensor([[3, 6, 9], [3, 6, 9]]),
                                           T.tensor([1, 3, 5, 7, 9]), right=True), []),
    "tril_indices": (lambda T, L: T.tril_indices(3, 3), []),
    "triu_indices_offset": (lambda T, L: T.triu_indices(3, 4, 1), []),
    **{f"scatter_reduce_{red}{'' if inc else '_no_self'}": (
        (lambda red, inc: lambda T, L: L[0].scatter_reduce(
            0, T.tensor([0, 1, 0, 1, 2]), L[1], red, include_self=inc))(red, inc),
        [[1.0, 2.0, 3.0, 4.0], [5.0, 1.0, 7.0, 2.0, 2.5]])
       for red in ("sum", "mean", "amax", "amin", "prod") for inc in (True, False)},
    "scatter_reduce_amax_ties": (lambda T, L: T.scatter_reduce(
        L[0], 0, T.tensor([0, 1, 0, 1, 2]), L[1], "amax"),
        [[1.0, 2.0, 3.0, 4.0], [5.0, 1.0, 7.0, 2.0, 2.0]]),
    "scatter_reduce_2d_inplace": (lambda T, L: (L[0] * 1).scatter_reduce_(
        1, T.tensor([[0, 0], [1, 2], [2, 2]]), L[1][:, :2], "sum"), [M, N]),
    "index_copy": (lambda T, L: L[0].index_copy(0, T.tensor([2, 0]), L[1][:2]), [M, N]),
    "index_copy_inplace": (lambda T, L: (L[0] * 1).index_copy_(1, T.tensor([1]),
                                                               L[1][:, :1]), [M, N]),
    "special_expit": (lambda T, L: T.special.expit(L[0]), [V]),
    "special_softmax": (lambda T, L: T.special.softmax(L[0], 1), [X]),
    "special_log_softmax": (lambda T, L: T.special.log_softmax(L[0], dim=0), [X]),
    "special_logsumexp": (lambda T, L: T.special.logsumexp(L[0], 1), [X]),
    "special_entr": (lambda T, L: T.special.entr(L[0]), [[0.25, 0.5, 1.0, 2.0]]),
}


def _weights(T, out):
    return T.arange(1, out.numel() + 1).reshape(tuple(out.shape)).to(out.dtype)


def _first_differentiable(r):
    if isinstance(r, (tuple, list)):
        for t in r:
            if getattr(t, "requires_grad", False):
                return t
        return None
    return r if getattr(r, "requires_grad", False) else None


def make_leaves(T, name: str, dtype) -> list:
    return [T.tensor(v, dtype=dtype, requires_grad=True) for v in CASES[name][1]]


def run(T, name: str, dtype=None) -> dict:
    """What the case computes, as plain data (see the module docstring)."""
    fn = CASES[name][0]
    leaves = make_leaves(T, name, dtype or T.float32)
    r = fn(T, leaves)
    outs = list(r) if isinstance(r, (tuple, list)) else [r]
    rec = {"outputs": [{"value": np.asarray(o.detach().numpy()).tolist(),
                        "dtype": str(o.dtype), "shape": list(o.shape),
                        "grad_fn": None if o.grad_fn is None else type(o.grad_fn).__name__}
                       for o in outs]}
    if isinstance(r, tuple) and type(r) is not tuple:
        rec["repr"] = repr(r)
    t = _first_differentiable(r)
    if t is not None:
        (t * _weights(T, t)).sum().backward()
    rec["grads"] = [None if x.grad is None else np.asarray(x.grad.numpy()).tolist()
                    for x in leaves]
    return rec


def loss(T, name: str, leaves, grad: bool = True):
    """The scalar whose gradient ``run`` records (for the finite-difference check; with
    ``grad=False`` the leaves are plain tensors and the first floating output is used)."""
    r = CASES[name][0](T, leaves)
    if grad:
        t = _first_differentiable(r)
    else:
        t = next(o for o in (r if isinstance(r, (tuple, list)) else [r])
                 if o.dtype.is_floating_point)
    return (t * _weights(T, t)).sum()
