//! # Chapter 7: shapes and strides
//!
//! Read first: `book/src/ch07_strides.md`.
//! Check your work: `cargo test -p exercises --test ch07_strides`.
//!
//! A matrix is a buffer seen through a shape and two strides (see `matrix.rs`). Reshapes,
//! transposes, rows, columns and broadcasts only compute new strides: views. `flatten` always
//! copies; `ravel` and `reshape` copy only when no strides can walk the elements in row order.
//! Implement the methods marked `todo!()` below. The scaffolding gives you `view_2d` (a matrix
//! view on the same buffer), `view_1d` (a 1-D view), `position`, `iter` and `read_only`.

use crate::array::Array;
use crate::matrix::Matrix;

impl Array {
    /// `arr.reshape(rows, cols)`: a **view** of this 1-D array as a matrix, row by row.
    ///
    /// A 1-D array's elements are always evenly spaced (`step` apart), so its reshape is always
    /// a view: element `(row, col)` is element `row * cols + col` of this array. Build it with
    /// `self.view_2d(offset, [rows, cols], [row stride, column stride])`.
    ///
    /// # Panics
    /// With `cannot reshape array of size {len} into shape ({rows},{cols})` (NumPy's
    /// `ValueError`) if `rows * cols != self.len()`.
    ///
    /// Book: `book/src/ch07_strides.md`.
    #[track_caller]
    pub fn reshape(&self, rows: usize, cols: usize) -> Matrix {
        todo!(
            "ch07_strides: view this array of {} elements as {rows} rows of {cols}",
            self.len
        )
    }

    /// `np.broadcast_to(arr, (rows, cols))`: a **read-only view** that shows this array as
    /// every one of `rows` rows, without writing any row out. What row stride makes every row
    /// start at the same place? Make the result read-only with `.read_only()`. A 1-element
    /// array fills any number of columns (NumPy broadcasts `(1,)` to `(rows, cols)`): what
    /// column stride shows its one element in every column?
    ///
    /// # Panics
    /// With NumPy's `ValueError` message (`operands could not be broadcast together with
    /// remapped shapes [original->remapped]: ({len},)  and requested shape ({rows},{cols})`)
    /// if `cols != self.len()` and the array does not have exactly 1 element.
    ///
    /// Book: `book/src/ch07_strides.md`.
    #[track_caller]
    pub fn broadcast_to(&self, rows: usize, cols: usize) -> Matrix {
        todo!(
            "ch07_strides: show this array of {} elements as each of {rows} rows of {cols}",
            self.len
        )
    }
}

impl Matrix {
    /// `m[row, col]`: the element at `offset + row * strides[0] + col * strides[1]` in the
    /// buffer (that is `self.position(row, col)`).
    ///
    /// # Panics
    /// With `index {i} is out of bounds for axis {axis} with size {n}` (NumPy's `IndexError`)
    /// if `row` (axis 0) or `col` (axis 1) is out of range.
    ///
    /// Book: `book/src/ch07_strides.md`.
    #[track_caller]
    pub fn get(&self, row: usize, col: usize) -> i64 {
        todo!(
            "ch07_strides: read element ({row}, {col}) of a {:?} matrix",
            self.shape
        )
    }

    /// `m[row, col] = value`: writes into the shared buffer, where every view of it sees the
    /// new value.
    ///
    /// # Panics
    /// With `assignment destination is read-only` (NumPy's `ValueError`) if the matrix is not
    /// writeable (`self.writeable`), and as [`Matrix::get`] if an index is out of range.
    ///
    /// Book: `book/src/ch07_strides.md`.
    #[track_caller]
    pub fn set(&self, row: usize, col: usize, value: i64) {
        todo!(
            "ch07_strides: write {value} into element ({row}, {col}) of a {:?} matrix",
            self.shape
        )
    }

    /// `m.T`: a **view** with the axes swapped: row `i` of the transpose is column `i` of this
    /// matrix. Which two fields change, and how?
    ///
    /// Book: `book/src/ch07_strides.md`.
    pub fn transpose(&self) -> Matrix {
        todo!(
            "ch07_strides: transpose a {:?} matrix with strides {:?}",
            self.shape,
            self.strides
        )
    }

    /// `m[i]`: row `i`, a 1-D **view** (`self.view_1d(offset, len, step)`) of `cols` elements.
    /// A row of a matrix with no columns is empty, and its element 0 may lie outside the
    /// buffer (with a negative stride): start it at `self.offset`, as an empty slice does.
    ///
    /// # Panics
    /// With `index {i} is out of bounds for axis 0 with size {rows}` if `i` is out of range.
    ///
    /// Book: `book/src/ch07_strides.md`.
    #[track_caller]
    pub fn row(&self, i: usize) -> Array {
        todo!(
            "ch07_strides: view row {i} of a {:?} matrix with strides {:?}",
            self.shape,
            self.strides
        )
    }

    /// `m[:, j]`: column `j`, a 1-D **view** of `rows` elements (an empty one, of a matrix
    /// with no rows, starts at `self.offset`, as an empty row does).
    ///
    /// # Panics
    /// With `index {j} is out of bounds for axis 1 with size {cols}` if `j` is out of range.
    ///
    /// Book: `book/src/ch07_strides.md`.
    #[track_caller]
    pub fn column(&self, j: usize) -> Array {
        todo!(
            "ch07_strides: view column {j} of a {:?} matrix with strides {:?}",
            self.shape,
            self.strides
        )
    }

    /// `m.flags.c_contiguous`: whether the elements, read row by row, sit side by side in the
    /// buffer, each exactly one element after the last. An axis of length 1 may have any
    /// stride (nothing steps along it), and an empty matrix is contiguous.
    ///
    /// Book: `book/src/ch07_strides.md`.
    pub fn is_c_contiguous(&self) -> bool {
        todo!(
            "ch07_strides: is a {:?} matrix with strides {:?} C-contiguous?",
            self.shape,
            self.strides
        )
    }

    /// `m.ravel()`: the elements row by row as a 1-D array: a **view** (step 1) when the
    /// matrix is C-contiguous, otherwise a **copy**, as NumPy 2.4 does (it copies even when
    /// some other single step would do).
    ///
    /// Book: `book/src/ch07_strides.md`.
    pub fn ravel(&self) -> Array {
        todo!(
            "ch07_strides: ravel a {:?} matrix with strides {:?}",
            self.shape,
            self.strides
        )
    }

    /// `m.flatten()`: the elements row by row, always **copied** into a new buffer that the
    /// result owns (`Array::from_values` with `self.iter()`).
    ///
    /// Book: `book/src/ch07_strides.md`.
    pub fn flatten(&self) -> Array {
        todo!(
            "ch07_strides: copy the {} elements of a {:?} matrix, row by row",
            self.size(),
            self.shape
        )
    }

    /// `m.reshape(rows, cols)`: the same elements, row by row, in a new shape. A **view** when
    /// one step leads from each element to the next in row order (then the new strides are
    /// `[cols * step, step]`), or when the shape does not change; otherwise a **copy**: copy
    /// the elements row by row, then reshape the copy (its base is that hidden copy).
    ///
    /// # Panics
    /// With `cannot reshape array of size {size} into shape ({rows},{cols})` if
    /// `rows * cols != self.size()`.
    ///
    /// Book: `book/src/ch07_strides.md`.
    #[track_caller]
    pub fn reshape(&self, rows: usize, cols: usize) -> Matrix {
        todo!(
            "ch07_strides: reshape a {:?} matrix with strides {:?} into ({rows}, {cols})",
            self.shape,
            self.strides
        )
    }

    /// `m.base`: the 1-D array that owns this matrix's buffer (an owner handle on the same
    /// buffer, as in chapter 3). A matrix is always a view in this workbook, so it always has
    /// a base.
    ///
    /// Book: `book/src/ch07_strides.md`.
    pub fn base(&self) -> Array {
        todo!(
            "ch07_strides: name the owner of this matrix's buffer of {} elements",
            self.data.len()
        )
    }
}
