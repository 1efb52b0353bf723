//! The two-dimensional array of chapter 7. Scaffolding: read it, no need to edit it. Chapter 7
//! adds the methods that make, reshape and read matrices (`ch07_strides.rs`).
//!
//! A [`Matrix`] is the 2-D version of [`Array`]: a handle on a shared buffer with an offset and,
//! instead of one step, a *shape* (rows, columns) and two *strides*, the distance in the buffer
//! from one row to the next and from one column to the next. Element `(row, col)` is
//! `data[offset + row * strides[0] + col * strides[1]]`. Changing only the shape and strides
//! turns the same buffer into a transpose, a single row or column, or a broadcast, without
//! copying an element.
//!
//! In this workbook, as in most NumPy code, a buffer is always owned by a 1-D array
//! (`np.arange(12).reshape(3, 4)` is a view of the 1-D `np.arange(12)`), so a matrix is
//! always a view and its base is always an [`Array`].

use std::cell::Cell;
use std::fmt;
use std::rc::Rc;

use crate::array::Array;

// ANCHOR: struct
/// A two-dimensional view of `i64` on a buffer that a 1-D [`Array`] owns.
///
/// NumPy counts strides in bytes (`m.strides == (32, 8)` for `np.arange(12).reshape(3, 4)`);
/// here they count elements of 8 bytes (`[4, 1]`), as [`Array`]'s `step` does.
pub struct Matrix {
    /// The elements, shared with the owner and every other view of it.
    pub(crate) data: Rc<[Cell<i64>]>,
    /// Where element `(0, 0)` is in `data`.
    pub(crate) offset: usize,
    /// `[rows, columns]`, NumPy's `m.shape`.
    pub(crate) shape: [usize; 2],
    /// `[row stride, column stride]`: how far apart in `data` two neighbours are along each
    /// axis. Negative for a reversed axis, 0 for an axis that repeats one row or column
    /// (a broadcast).
    pub(crate) strides: [isize; 2],
    /// Whether writes through this matrix are allowed (NumPy: `m.flags.writeable`). A
    /// broadcast is read-only: one element stands for many, so a write would change them all.
    pub(crate) writeable: bool,
}
// ANCHOR_END: struct

impl Matrix {
    /// A matrix view on `data` (pass it `Rc::clone(&...data)`): element `(0, 0)` at `offset`,
    /// with the given shape and strides (in elements), writeable or read-only.
    pub(crate) fn new_view(
        data: Rc<[Cell<i64>]>,
        offset: usize,
        shape: [usize; 2],
        strides: [isize; 2],
        writeable: bool,
    ) -> Matrix {
        Matrix {
            data,
            offset,
            shape,
            strides,
            writeable,
        }
    }

    /// This matrix, made read-only (NumPy: `m.flags.writeable = False`).
    pub(crate) fn read_only(self) -> Matrix {
        Matrix {
            writeable: false,
            ..self
        }
    }

    /// Another matrix view on this matrix's buffer, as writeable as this one: for a
    /// transpose or a reshape, which only change the offset, shape and strides.
    pub(crate) fn view_2d(&self, offset: usize, shape: [usize; 2], strides: [isize; 2]) -> Matrix {
        Matrix::new_view(
            Rc::clone(&self.data),
            offset,
            shape,
            strides,
            self.writeable,
        )
    }

    /// A 1-D view on this matrix's buffer, `len` elements from `offset`, `step` apart, as
    /// writeable as this matrix: the rows, columns and ravels of a read-only matrix are
    /// read-only too, as in NumPy.
    pub(crate) fn view_1d(&self, offset: usize, len: usize, step: isize) -> Array {
        Array {
            writeable: self.writeable,
            ..Array::new_view(Rc::clone(&self.data), offset, len, step)
        }
    }

    /// `m.shape`: `[rows, columns]`.
    pub fn shape(&self) -> [usize; 2] {
        self.shape
    }

    /// `m.strides`, in elements (NumPy's byte strides divided by 8).
    pub fn strides(&self) -> [isize; 2] {
        self.strides
    }

    /// `m.size`: how many elements the matrix shows, `rows * columns`.
    pub fn size(&self) -> usize {
        self.shape[0] * self.shape[1]
    }

    /// `m.flags.writeable`: whether `set` may write through this matrix.
    pub fn is_writeable(&self) -> bool {
        self.writeable
    }

    /// Where element `(row, col)` is in `data`. Does not check the indices.
    pub(crate) fn position(&self, row: usize, col: usize) -> usize {
        self.offset
            .checked_add_signed(row as isize * self.strides[0] + col as isize * self.strides[1])
            .expect("element position outside the buffer")
    }

    /// The elements in row-major ("C") order: row 0 from left to right, then row 1, ...:
    /// the order of `m.ravel()`, `m.flatten()` and `for x in m.flat` in NumPy.
    pub fn iter(&self) -> impl Iterator<Item = i64> + '_ {
        let [rows, cols] = self.shape;
        (0..rows)
            .flat_map(move |row| (0..cols).map(move |col| self.data[self.position(row, col)].get()))
    }

    /// The rows as vectors (`m.tolist()`), for comparing a small matrix with what NumPy shows.
    pub fn to_rows(&self) -> Vec<Vec<i64>> {
        let [rows, cols] = self.shape;
        (0..rows)
            .map(|row| {
                (0..cols)
                    .map(|col| self.data[self.position(row, col)].get())
                    .collect()
            })
            .collect()
    }
}

/// Prints like NumPy's repr, `array([[0, 1], [2, 3]])`, eliding the middle rows and columns
/// of a big matrix so that a failure message stays short.
impl fmt::Debug for Matrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const EDGE: usize = 3;
        let [rows, cols] = self.shape;
        let pick = |n: usize| -> Vec<Option<usize>> {
            if n > 2 * EDGE + 1 {
                (0..EDGE)
                    .map(Some)
                    .chain([None])
                    .chain((n - EDGE..n).map(Some))
                    .collect()
            } else {
                (0..n).map(Some).collect()
            }
        };
        let shown: Vec<String> = pick(rows)
            .into_iter()
            .map(|row| match row {
                None => "...".to_owned(),
                Some(row) => {
                    let cells: Vec<String> = pick(cols)
                        .into_iter()
                        .map(|col| match col {
                            None => "...".to_owned(),
                            Some(col) => self.data[self.position(row, col)].get().to_string(),
                        })
                        .collect();
                    format!("[{}]", cells.join(", "))
                }
            })
            .collect();
        write!(f, "array([{}])", shown.join(", "))
    }
}

impl Array {
    /// A matrix view on this array's buffer, as writeable as this array: element `(0, 0)` at
    /// `offset` in the buffer, with the given shape and strides (in elements).
    pub(crate) fn view_2d(&self, offset: usize, shape: [usize; 2], strides: [isize; 2]) -> Matrix {
        Matrix::new_view(
            Rc::clone(&self.data),
            offset,
            shape,
            strides,
            self.writeable,
        )
    }
}
