//! # Chapter 7: shapes and strides (solution)
//!
//! A matrix is a buffer seen through a shape and two strides. Reshapes, transposes, rows,
//! columns and broadcasts only compute new strides: views. `flatten` always copies; `ravel` and
//! `reshape` copy only when no strides can walk the elements in the asked order.

use crate::array::Array;
use crate::matrix::Matrix;

impl Array {
    // ANCHOR: reshape_1d
    /// `arr.reshape(rows, cols)`: a **view** of this 1-D array as a matrix, row by row.
    ///
    /// A 1-D array's elements are always evenly spaced (`step` apart), so its reshape is
    /// always a view: one row is `cols` steps long.
    ///
    /// # Panics
    /// With `cannot reshape array of size {len} into shape ({rows},{cols})` (NumPy's
    /// `ValueError`) if `rows * cols != self.len()`.
    #[track_caller]
    pub fn reshape(&self, rows: usize, cols: usize) -> Matrix {
        assert!(
            rows.checked_mul(cols) == Some(self.len),
            "cannot reshape array of size {} into shape ({rows},{cols})",
            self.len
        );
        self.view_2d(
            self.offset,
            [rows, cols],
            [cols as isize * self.step, self.step],
        )
    }
    // ANCHOR_END: reshape_1d

    // ANCHOR: broadcast_to
    /// `np.broadcast_to(arr, (rows, cols))`: a **read-only view** showing this array as every
    /// one of `rows` rows. The row stride is 0: each row starts at the same place. A
    /// 1-element array fills any number of columns: its column stride is 0 too.
    ///
    /// # Panics
    /// With NumPy's `ValueError` message (`operands could not be broadcast together with
    /// remapped shapes [original->remapped]: ({len},)  and requested shape ({rows},{cols})`)
    /// if `cols != self.len()` and the array does not have exactly 1 element.
    #[track_caller]
    pub fn broadcast_to(&self, rows: usize, cols: usize) -> Matrix {
        assert!(
            cols == self.len || self.len == 1,
            "operands could not be broadcast together with remapped shapes \
             [original->remapped]: ({},)  and requested shape ({rows},{cols})",
            self.len
        );
        // One element shown in every column steps 0 along the row as well.
        let col_stride = if self.len == 1 { 0 } else { self.step };
        self.view_2d(self.offset, [rows, cols], [0, col_stride])
            .read_only()
    }
    // ANCHOR_END: broadcast_to
}

impl Matrix {
    // ANCHOR: get
    /// `m[row, col]`: the element at `offset + row * strides[0] + col * strides[1]`.
    ///
    /// # Panics
    /// With `index {i} is out of bounds for axis {axis} with size {n}` (NumPy's `IndexError`)
    /// if `row` or `col` is out of range.
    #[track_caller]
    pub fn get(&self, row: usize, col: usize) -> i64 {
        self.check_index(row, col);
        self.data[self.position(row, col)].get()
    }

    /// `m[row, col] = value`: writes into the shared buffer, where every view of it sees it.
    ///
    /// # Panics
    /// With `assignment destination is read-only` (NumPy's `ValueError`) if the matrix is not
    /// writeable, and as [`Matrix::get`] if an index is out of range.
    #[track_caller]
    pub fn set(&self, row: usize, col: usize, value: i64) {
        assert!(self.writeable, "assignment destination is read-only");
        self.check_index(row, col);
        self.data[self.position(row, col)].set(value);
    }
    // ANCHOR_END: get

    #[track_caller]
    fn check_index(&self, row: usize, col: usize) {
        for (axis, (i, n)) in [(row, self.shape[0]), (col, self.shape[1])]
            .into_iter()
            .enumerate()
        {
            assert!(
                i < n,
                "index {i} is out of bounds for axis {axis} with size {n}"
            );
        }
    }

    // ANCHOR: transpose
    /// `m.T`: a **view** with the axes swapped. Row `i` of the transpose is column `i` of
    /// `m`: swapping the shape and the strides is all it takes.
    pub fn transpose(&self) -> Matrix {
        let [rows, cols] = self.shape;
        let [row_stride, col_stride] = self.strides;
        self.view_2d(self.offset, [cols, rows], [col_stride, row_stride])
    }
    // ANCHOR_END: transpose

    // ANCHOR: row_column
    /// `m[i]`: row `i`, a 1-D **view** whose step is the column stride.
    ///
    /// # Panics
    /// With `index {i} is out of bounds for axis 0 with size {rows}` if `i` is out of range.
    #[track_caller]
    pub fn row(&self, i: usize) -> Array {
        let [rows, cols] = self.shape;
        assert!(
            i < rows,
            "index {i} is out of bounds for axis 0 with size {rows}"
        );
        self.view_1d(self.start_of(i, 0, cols), cols, self.strides[1])
    }

    /// `m[:, j]`: column `j`, a 1-D **view** whose step is the row stride.
    ///
    /// # Panics
    /// With `index {j} is out of bounds for axis 1 with size {cols}` if `j` is out of range.
    #[track_caller]
    pub fn column(&self, j: usize) -> Array {
        let [rows, cols] = self.shape;
        assert!(
            j < cols,
            "index {j} is out of bounds for axis 1 with size {cols}"
        );
        self.view_1d(self.start_of(0, j, rows), rows, self.strides[0])
    }

    /// Where a row or column of `len` elements starting at element `(row, col)` starts in
    /// the buffer. An empty one shows nothing, and `(row, col)` may then lie outside the
    /// buffer (a row of a matrix with no columns and a negative stride): it starts at the
    /// matrix's offset instead, as an empty slice does.
    fn start_of(&self, row: usize, col: usize, len: usize) -> usize {
        if len == 0 {
            self.offset
        } else {
            self.position(row, col)
        }
    }
    // ANCHOR_END: row_column

    // ANCHOR: ravel
    /// `m.flags.c_contiguous`: whether the elements, read row by row, sit side by side in the
    /// buffer, each one element after the last (an axis of length 1 may have any stride).
    pub fn is_c_contiguous(&self) -> bool {
        let [rows, cols] = self.shape;
        let [row_stride, col_stride] = self.strides;
        rows == 0
            || cols == 0
            || ((cols == 1 || col_stride == 1) && (rows == 1 || row_stride == cols as isize))
    }

    /// `m.ravel()`: the elements row by row as a 1-D array: a **view** when the matrix is
    /// C-contiguous, otherwise a copy (NumPy 2.4 copies even when one step would do, as for
    /// `np.arange(24)[::2].reshape(3, 4)`).
    pub fn ravel(&self) -> Array {
        if self.is_c_contiguous() {
            self.view_1d(self.offset, self.size(), 1)
        } else {
            self.flatten()
        }
    }

    /// `m.flatten()`: the elements row by row, always **copied** into a new buffer that the
    /// result owns.
    pub fn flatten(&self) -> Array {
        Array::from_values(self.size(), self.iter())
    }
    // ANCHOR_END: ravel

    // ANCHOR: reshape_2d
    /// `m.reshape(rows, cols)`: the same elements, row by row, in a new shape. A **view** when
    /// one stride walks this matrix's elements in row order (or the shape is unchanged);
    /// otherwise a copy, whose base is the hidden 1-D copy it was made from.
    ///
    /// # Panics
    /// With `cannot reshape array of size {size} into shape ({rows},{cols})` if
    /// `rows * cols != self.size()`.
    #[track_caller]
    pub fn reshape(&self, rows: usize, cols: usize) -> Matrix {
        assert!(
            rows.checked_mul(cols) == Some(self.size()),
            "cannot reshape array of size {} into shape ({rows},{cols})",
            self.size()
        );
        if [rows, cols] == self.shape {
            return self.view_2d(self.offset, self.shape, self.strides);
        }
        match self.flat_step() {
            Some(step) => self.view_2d(self.offset, [rows, cols], [cols as isize * step, step]),
            // No single step reads the elements in row order (a transpose, a broadcast, rows
            // picked from a bigger matrix): copy them in that order, then view the copy.
            None => self.flatten().reshape(rows, cols),
        }
    }

    /// The one step from each element to the next in row order, if there is one: the column
    /// stride, when each row starts where the previous one would have continued.
    fn flat_step(&self) -> Option<isize> {
        let [rows, cols] = self.shape;
        let [row_stride, col_stride] = self.strides;
        if rows <= 1 || self.size() == 0 {
            Some(col_stride)
        } else if cols == 1 {
            Some(row_stride)
        } else {
            (row_stride == cols as isize * col_stride).then_some(col_stride)
        }
    }
    // ANCHOR_END: reshape_2d

    // ANCHOR: base
    /// `m.base`: the 1-D array that owns this matrix's buffer. A matrix is always a view here,
    /// so it always has one; after a reshape that had to copy, it is the hidden copy, which
    /// shares nothing with the matrix that was reshaped.
    pub fn base(&self) -> Array {
        Array::new_owner(std::rc::Rc::clone(&self.data))
    }
    // ANCHOR_END: base
}
