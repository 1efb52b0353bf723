//! The model of chapter 7: matrices, as the grid of owner-buffer positions they show.
//!
//! A [`Chain`] starts from an `np.arange(n)` owner, makes 1-D views anywhere in it with any
//! step (chapter 2's `slice`, chapter 4's `slice_step`, negative steps included), so that a
//! matrix may start anywhere in its buffer and walk it backwards, and then applies chapter 7's
//! operations to any array or matrix made so far: reshapes (of a 1-D array and of a matrix),
//! broadcasts, transposes, rows, columns, ravels, flattens and writes. After each operation it
//! compares everything the learner's types let one observe with the model (values, `get`,
//! shape, strides, contiguity, writeable, base, owns_data, `shares_memory` between every two
//! arrays, where a write lands, error messages), and reports the first difference as the
//! NumPy session that shows it, blaming the method that made the wrong array: chapter 7's, or
//! the earlier chapter's method it builds on (then the message names that method and file).
//!
//! The rules here were checked against NumPy 2.4.6 on 12,000 random chains and about 1.7
//! million observations (the sessions these chains print, run by NumPy, answer what the model
//! expects), with no disagreement.

use viewbook::harness::explore::{Finding, Tape};
use viewbook::manifest::{Chapter, attempt, chapter};

use super::array::{
    ARANGE, BASE, COPY, DOUBLE_FIRST_HALF, GET, HELD_BYTES, Method, NBYTES, OWNS_DATA, SET,
    SHARES_MEMORY, SLICE, SLICE_STEP, Span, TO_VEC, bound_text, python_slice,
};
use crate::session::{finding_after, last_line};
use crate::subject::Array;
use crate::subject::Matrix;
use crate::subject::shares_memory;

/// How many operations a chain applies at most, after its owner: enough to slice, reshape,
/// transpose, take a row and slice it, with a write or two between.
const MAX_OPERATIONS: usize = 7;
/// The longest owner a chain starts from: 24 has many shapes (2 x 12, 3 x 8, 4 x 6, ...).
const MAX_OWNER_LEN: usize = 24;
/// The most rows a broadcast repeats its array into; fewer for a long array, so that no
/// array of a chain grows past what a tape's choice (at most 256) can index.
const MAX_BROADCAST_ROWS: usize = 3;

/// `arr.reshape(rows, cols)`: chapter 7's methods follow, each blamed for what it makes or
/// reads.
const RESHAPE_1D: Method = Method::new("Array::reshape", "ch07_strides");
/// `np.broadcast_to(arr, (rows, cols))`.
const BROADCAST_TO: Method = Method::new("Array::broadcast_to", "ch07_strides");
/// `m.T`.
const TRANSPOSE: Method = Method::new("Matrix::transpose", "ch07_strides");
/// `m[i]`.
const ROW: Method = Method::new("Matrix::row", "ch07_strides");
/// `m[:, j]`.
const COLUMN: Method = Method::new("Matrix::column", "ch07_strides");
/// `m.ravel()`.
const RAVEL: Method = Method::new("Matrix::ravel", "ch07_strides");
/// `m.flatten()`.
const FLATTEN: Method = Method::new("Matrix::flatten", "ch07_strides");
/// `m.reshape(rows, cols)`.
const RESHAPE_2D: Method = Method::new("Matrix::reshape", "ch07_strides");
/// `m[i, j]`.
const MATRIX_GET: Method = Method::new("Matrix::get", "ch07_strides");
/// `m[i, j] = v`.
const MATRIX_SET: Method = Method::new("Matrix::set", "ch07_strides");
/// `m.flags.c_contiguous`.
const IS_C_CONTIGUOUS: Method = Method::new("Matrix::is_c_contiguous", "ch07_strides");
/// `m.base`.
const MATRIX_BASE: Method = Method::new("Matrix::base", "ch07_strides");

/// One kind of operation of a chain, applied to the array or matrix it names by index.
type Operation = fn(&mut Chain, &mut Tape, usize) -> Result<(), Finding>;

/// What NumPy holds for one 1-D array of the chain.
#[derive(Clone, Debug)]
struct Line {
    /// Which of the chain's buffers it shows.
    buffer: usize,
    /// The positions in that buffer of the elements it shows, in order.
    positions: Vec<usize>,
    /// Whether it owns its buffer (`base is None`).
    owner: bool,
    /// `flags.writeable`.
    writeable: bool,
}

/// What NumPy holds for one matrix of the chain: always a view (its base owns the buffer).
#[derive(Clone, Debug)]
struct Grid {
    /// Which of the chain's buffers it shows (a hidden copy's, after a reshape that copied).
    buffer: usize,
    /// `[rows, columns]`.
    shape: [usize; 2],
    /// The positions in that buffer of its elements, row by row.
    positions: Vec<usize>,
    /// `flags.writeable`.
    writeable: bool,
}

impl Grid {
    /// The buffer position of element `(row, col)`.
    fn at(&self, row: usize, col: usize) -> usize {
        self.positions[row * self.shape[1] + col]
    }

    /// The positions of row `i`.
    fn row(&self, i: usize) -> Vec<usize> {
        (0..self.shape[1]).map(|j| self.at(i, j)).collect()
    }

    /// The positions of column `j`.
    fn column(&self, j: usize) -> Vec<usize> {
        (0..self.shape[0]).map(|i| self.at(i, j)).collect()
    }

    /// The stride of `axis`, in elements, where NumPy's is determined by the elements shown:
    /// an axis of at least two elements in a non-empty matrix. (NumPy picks the strides of an
    /// axis of length 1, or of an empty matrix, by rules the chapter does not teach.)
    fn stride(&self, axis: usize) -> Option<isize> {
        let [rows, cols] = self.shape;
        if rows == 0 || cols == 0 || self.shape[axis] < 2 {
            return None;
        }
        let next = if axis == 0 {
            self.at(1, 0)
        } else {
            self.at(0, 1)
        };
        Some(next as isize - self.at(0, 0) as isize)
    }

    /// NumPy's `flags.c_contiguous`: the elements, row by row, one after the other in the
    /// buffer (an empty matrix is contiguous).
    fn is_c_contiguous(&self) -> bool {
        self.positions.windows(2).all(|w| w[1] == w[0] + 1)
    }

    /// Whether one step leads from each element to the next in row order: then any reshape
    /// is a view (NumPy's `_attempt_nocopy_reshape`, for two axes).
    fn evenly_spaced(&self) -> bool {
        let gaps: Vec<isize> = self
            .positions
            .windows(2)
            .map(|w| w[1] as isize - w[0] as isize)
            .collect();
        gaps.windows(2).all(|g| g[0] == g[1])
    }
}

/// One 1-D array of the chain: its name in the session, the model, the learner's array.
struct ArrayEntry {
    /// Its name in the session: `b`.
    name: String,
    /// What NumPy's array holds.
    model: Line,
    /// The learner's array.
    array: Array,
    /// The addresses of the cells it really shows (see [`addresses`]): read once, as the
    /// sharing checks of every later array compare with them.
    cells: Vec<usize>,
    /// The method that made it, blamed when it shows the wrong elements.
    made_by: Method,
}

/// One matrix of the chain: its name in the session, the model, the learner's matrix.
struct MatrixEntry {
    /// Its name in the session: `c`.
    name: String,
    /// What NumPy's matrix holds.
    model: Grid,
    /// The learner's matrix.
    matrix: Matrix,
    /// The method that made it, blamed when it shows the wrong elements.
    made_by: Method,
}

/// A value as Python prints it, for the NumPy side of a message: `True`, `(3, 4)`, `[0, 1]`.
trait Python {
    /// The Python text of the value.
    fn python(&self) -> String;
}

impl Python for bool {
    fn python(&self) -> String {
        if *self { "True" } else { "False" }.to_owned()
    }
}

impl Python for i64 {
    fn python(&self) -> String {
        self.to_string()
    }
}

impl Python for isize {
    fn python(&self) -> String {
        self.to_string()
    }
}

impl Python for usize {
    fn python(&self) -> String {
        self.to_string()
    }
}

impl<T: Python> Python for Vec<T> {
    fn python(&self) -> String {
        let items: Vec<String> = self.iter().map(Python::python).collect();
        format!("[{}]", items.join(", "))
    }
}

impl Python for (usize, usize) {
    fn python(&self) -> String {
        format!("({}, {})", self.0, self.1)
    }
}

/// A chain of operations on the learner's arrays and matrices beside the model, for
/// chapter 7's suite.
pub struct Chain {
    /// The chapter whose suite runs the chain: its own methods are named without a file.
    checked: &'static Chapter,
    /// NumPy's buffers: the owners' and the copies' (hidden ones included).
    buffers: Vec<Vec<i64>>,
    /// The 1-D arrays made so far, the owner first.
    arrays: Vec<ArrayEntry>,
    /// The matrices made so far.
    matrices: Vec<MatrixEntry>,
    /// The session so far, one line per operation: NumPy, then Rust.
    session: Vec<(String, String)>,
}

impl Chain {
    /// Runs one random chain for chapter 7's suite and compares every step with NumPy.
    pub fn run(tape: &mut Tape) -> Result<(), Finding> {
        let mut chain = Chain {
            checked: chapter("ch07_strides"),
            buffers: Vec::new(),
            arrays: Vec::new(),
            matrices: Vec::new(),
            session: Vec::new(),
        };
        chain.arange(tape.below(MAX_OWNER_LEN + 1))?;
        for _ in 0..MAX_OPERATIONS {
            if tape.is_exhausted() {
                break;
            }
            chain.operation(tape)?;
        }
        Ok(())
    }

    /// One operation: on a matrix about half the time once there is one, else on an array.
    fn operation(&mut self, tape: &mut Tape) -> Result<(), Finding> {
        if !self.matrices.is_empty() && tape.one_in(2) {
            let source = newest_first(tape, self.matrices.len());
            let kinds: &[Operation] = &[
                Chain::transpose,
                Chain::row,
                Chain::column,
                Chain::ravel,
                Chain::reshape_2d,
                Chain::set_2d,
                Chain::flatten,
            ];
            kinds[tape.below(kinds.len())](self, tape, source)
        } else {
            let source = newest_first(tape, self.arrays.len());
            let kinds: &[Operation] = &[
                Chain::reshape_1d,
                Chain::slice,
                Chain::slice_step,
                Chain::broadcast_to,
                Chain::set_1d,
                Chain::double_first_half,
            ];
            kinds[tape.below(kinds.len())](self, tape, source)
        }
    }

    /// `a = np.arange(n)`, the owner of the chain's first buffer.
    fn arange(&mut self, n: usize) -> Result<(), Finding> {
        let name = self.next_name();
        self.session.push((
            format!("{name} = np.arange({n})"),
            format!("let {name} = Array::arange({n});"),
        ));
        let array = self.call(ARANGE, || Array::arange(n))?;
        let model = Line {
            buffer: self.new_buffer((0..n as i64).collect()),
            positions: (0..n).collect(),
            owner: true,
            writeable: true,
        };
        self.add_array(name, model, array, ARANGE)
    }

    /// `b = a[2:5]`, a range of any kind: a view, as writeable as `a`.
    fn slice(&mut self, tape: &mut Tape, source: usize) -> Result<(), Finding> {
        let from = &self.arrays[source];
        let span = Span::draw(tape, from.model.positions.len());
        let indices: Vec<usize> = span.indices(from.model.positions.len()).collect();
        let model = from.view_of(&indices);
        let name = self.next_name();
        let line = (
            format!("{name} = {}{}", from.name, span.python()),
            format!("let {name} = {}.slice({});", from.name, span.rust()),
        );
        self.make_array(name, line, model, SLICE, |chain| {
            span.slice(&chain.arrays[source].array)
        })
    }

    /// `b = a[start:stop:step]`, any bounds and any step but 0: a view, as writeable as `a`.
    fn slice_step(&mut self, tape: &mut Tape, source: usize) -> Result<(), Finding> {
        let from = &self.arrays[source];
        let len = from.model.positions.len();
        let bound = |tape: &mut Tape| {
            (!tape.one_in(3)).then(|| tape.between(-(len as isize) - 2, len as isize + 2))
        };
        let (start, stop) = (bound(tape), bound(tape));
        let step = [1, 2, -1, 3, -2, -3][tape.below(6)];
        let model = from.view_of(&python_slice(start, stop, step, len));
        let name = self.next_name();
        let ((py_start, rust_start), (py_stop, rust_stop)) = (bound_text(start), bound_text(stop));
        let line = (
            format!("{name} = {}[{py_start}:{py_stop}:{step}]", from.name),
            format!(
                "let {name} = {}.slice_step({rust_start}, {rust_stop}, {step});",
                from.name
            ),
        );
        self.make_array(name, line, model, SLICE_STEP, |chain| {
            chain.arrays[source].array.slice_step(start, stop, step)
        })
    }

    /// `m = a.reshape(rows, cols)`: a view, row by row; sometimes a shape of another size
    /// (NumPy's `ValueError`).
    fn reshape_1d(&mut self, tape: &mut Tape, source: usize) -> Result<(), Finding> {
        let from = &self.arrays[source];
        let len = from.model.positions.len();
        let [rows, cols] = draw_shape(tape, len);
        let name = self.next_name();
        let line = (
            format!("{name} = {}.reshape({rows}, {cols})", from.name),
            format!("let {name} = {}.reshape({rows}, {cols});", from.name),
        );
        if rows * cols != len {
            self.session.push(unassigned(line));
            let outcome = self.call(RESHAPE_1D, || {
                drop(self.arrays[source].array.reshape(rows, cols))
            });
            let expected = format!("cannot reshape array of size {len} into shape ({rows},{cols})");
            return self.expect_error(RESHAPE_1D, outcome, &expected);
        }
        let model = Grid {
            buffer: from.model.buffer,
            shape: [rows, cols],
            positions: from.model.positions.clone(),
            writeable: from.model.writeable,
        };
        self.make_matrix(name, line, model, RESHAPE_1D, |chain| {
            chain.arrays[source].array.reshape(rows, cols)
        })
    }

    /// `m = np.broadcast_to(a, (rows, cols))`: a read-only view repeating `a` as each row
    /// (a length-1 `a` as every element), 0 rows included; sometimes a width that `a` cannot
    /// fill (NumPy's `ValueError`).
    fn broadcast_to(&mut self, tape: &mut Tape, source: usize) -> Result<(), Finding> {
        let from = &self.arrays[source];
        let len = from.model.positions.len();
        let most_rows = if len > MAX_OWNER_LEN {
            1
        } else {
            MAX_BROADCAST_ROWS
        };
        let rows = tape.below(most_rows + 1);
        let cols = match tape.below(8) {
            7 if len != 1 => len + 1,
            _ if len == 1 => tape.below(5),
            _ => len,
        };
        let name = self.next_name();
        let line = (
            format!("{name} = np.broadcast_to({}, ({rows}, {cols}))", from.name),
            format!("let {name} = {}.broadcast_to({rows}, {cols});", from.name),
        );
        if cols != len && len != 1 {
            self.session.push(unassigned(line));
            let outcome = self.call(BROADCAST_TO, || {
                drop(self.arrays[source].array.broadcast_to(rows, cols))
            });
            let expected = format!(
                "operands could not be broadcast together with remapped shapes \
                 [original->remapped]: ({len},)  and requested shape ({rows},{cols})"
            );
            return self.expect_error(BROADCAST_TO, outcome, &expected);
        }
        let shown = |col: usize| from.model.positions[if len == 1 { 0 } else { col }];
        let model = Grid {
            buffer: from.model.buffer,
            shape: [rows, cols],
            positions: (0..rows).flat_map(|_| (0..cols).map(shown)).collect(),
            writeable: false,
        };
        self.make_matrix(name, line, model, BROADCAST_TO, |chain| {
            chain.arrays[source].array.broadcast_to(rows, cols)
        })
    }

    /// `a[i] = v` (chapter 4's `set`) through any array, sometimes one past its end; a
    /// read-only array refuses before it looks at the index, as NumPy does.
    fn set_1d(&mut self, tape: &mut Tape, target: usize) -> Result<(), Finding> {
        let entry = &self.arrays[target];
        let len = entry.model.positions.len();
        let i = tape.below(len + 1);
        let value = 100 + tape.below(100) as i64;
        self.session.push((
            format!("{}[{i}] = {value}", entry.name),
            format!("{}.set({i}, {value});", entry.name),
        ));
        let outcome = self.call(SET, || self.arrays[target].array.set(i, value));
        if !entry.model.writeable {
            self.expect_error(SET, outcome, "assignment destination is read-only")?;
        } else if i == len {
            let expected = format!("index {i} is out of bounds for axis 0 with size {len}");
            self.expect_error(SET, outcome, &expected)?;
        } else {
            outcome?;
            let (buffer, position) = (entry.model.buffer, entry.model.positions[i]);
            self.buffers[buffer][position] = value;
        }
        self.check_all_values(SET)
    }

    /// `a[:len(a) // 2] *= 2` (chapter 4's `double_first_half`): NumPy refuses a read-only
    /// `a` before writing anything, even when the half is empty.
    fn double_first_half(&mut self, _tape: &mut Tape, target: usize) -> Result<(), Finding> {
        let entry = &self.arrays[target];
        self.session.push((
            format!("{0}[:len({0}) // 2] *= 2", entry.name),
            format!("double_first_half(&{});", entry.name),
        ));
        let outcome = self.call(DOUBLE_FIRST_HALF, || {
            crate::subject::double_first_half(&self.arrays[target].array)
        });
        if entry.model.writeable {
            outcome?;
            let model = entry.model.clone();
            for &position in &model.positions[..model.positions.len() / 2] {
                self.buffers[model.buffer][position] *= 2;
            }
        } else {
            self.expect_error(DOUBLE_FIRST_HALF, outcome, "output array is read-only")?;
        }
        self.check_all_values(DOUBLE_FIRST_HALF)
    }

    /// `t = m.T`: a view with the axes swapped.
    fn transpose(&mut self, _tape: &mut Tape, source: usize) -> Result<(), Finding> {
        let from = &self.matrices[source];
        let [rows, cols] = from.model.shape;
        let model = Grid {
            shape: [cols, rows],
            positions: (0..cols).flat_map(|j| from.model.column(j)).collect(),
            ..from.model.clone()
        };
        let name = self.next_name();
        let line = (
            format!("{name} = {}.T", from.name),
            format!("let {name} = {}.transpose();", from.name),
        );
        self.make_matrix(name, line, model, TRANSPOSE, |chain| {
            chain.matrices[source].matrix.transpose()
        })
    }

    /// `r = m[i]`: a 1-D view, as writeable as `m`; sometimes one row past the end.
    fn row(&mut self, tape: &mut Tape, source: usize) -> Result<(), Finding> {
        let from = &self.matrices[source];
        let rows = from.model.shape[0];
        let i = tape.below(rows + 1);
        let name = self.next_name();
        let line = (
            format!("{name} = {}[{i}]", from.name),
            format!("let {name} = {}.row({i});", from.name),
        );
        if i == rows {
            self.session.push(unassigned(line));
            let outcome = self.call(ROW, || drop(self.matrices[source].matrix.row(i)));
            let expected = format!("index {i} is out of bounds for axis 0 with size {rows}");
            return self.expect_error(ROW, outcome, &expected);
        }
        let model = from.view_1d(from.model.row(i));
        self.make_array(name, line, model, ROW, |chain| {
            chain.matrices[source].matrix.row(i)
        })
    }

    /// `c = m[:, j]`: a 1-D view, as writeable as `m`; sometimes one column past the end.
    fn column(&mut self, tape: &mut Tape, source: usize) -> Result<(), Finding> {
        let from = &self.matrices[source];
        let cols = from.model.shape[1];
        let j = tape.below(cols + 1);
        let name = self.next_name();
        let line = (
            format!("{name} = {}[:, {j}]", from.name),
            format!("let {name} = {}.column({j});", from.name),
        );
        if j == cols {
            self.session.push(unassigned(line));
            let outcome = self.call(COLUMN, || drop(self.matrices[source].matrix.column(j)));
            let expected = format!("index {j} is out of bounds for axis 1 with size {cols}");
            return self.expect_error(COLUMN, outcome, &expected);
        }
        let model = from.view_1d(from.model.column(j));
        self.make_array(name, line, model, COLUMN, |chain| {
            chain.matrices[source].matrix.column(j)
        })
    }

    /// `f = m.ravel()`: a view when `m` is C-contiguous, else a copy (NumPy 2.4).
    fn ravel(&mut self, _tape: &mut Tape, source: usize) -> Result<(), Finding> {
        let from = &self.matrices[source];
        let model = if from.model.is_c_contiguous() {
            from.view_1d(from.model.positions.clone())
        } else {
            self.copy_of(source)
        };
        let from = &self.matrices[source];
        let name = self.next_name();
        let line = (
            format!("{name} = {}.ravel()", from.name),
            format!("let {name} = {}.ravel();", from.name),
        );
        self.make_array(name, line, model, RAVEL, |chain| {
            chain.matrices[source].matrix.ravel()
        })
    }

    /// `f = m.flatten()`: always a copy, writeable even when `m` is not.
    fn flatten(&mut self, _tape: &mut Tape, source: usize) -> Result<(), Finding> {
        let model = self.copy_of(source);
        let from = &self.matrices[source];
        let name = self.next_name();
        let line = (
            format!("{name} = {}.flatten()", from.name),
            format!("let {name} = {}.flatten();", from.name),
        );
        self.make_array(name, line, model, FLATTEN, |chain| {
            chain.matrices[source].matrix.flatten()
        })
    }

    /// `r = m.reshape(rows, cols)`: a view when the shape is the same or one step walks `m`
    /// row by row, else a view of a hidden copy (writeable, its base that copy); sometimes a
    /// shape of another size.
    fn reshape_2d(&mut self, tape: &mut Tape, source: usize) -> Result<(), Finding> {
        let from = &self.matrices[source];
        let size = from.model.positions.len();
        let [rows, cols] = draw_shape(tape, size);
        let name = self.next_name();
        let line = (
            format!("{name} = {}.reshape({rows}, {cols})", from.name),
            format!("let {name} = {}.reshape({rows}, {cols});", from.name),
        );
        if rows * cols != size {
            self.session.push(unassigned(line));
            let outcome = self.call(RESHAPE_2D, || {
                drop(self.matrices[source].matrix.reshape(rows, cols))
            });
            let expected =
                format!("cannot reshape array of size {size} into shape ({rows},{cols})");
            return self.expect_error(RESHAPE_2D, outcome, &expected);
        }
        let model = if from.model.shape == [rows, cols] || from.model.evenly_spaced() {
            Grid {
                shape: [rows, cols],
                ..from.model.clone()
            }
        } else {
            let hidden = self.copy_of(source);
            Grid {
                buffer: hidden.buffer,
                shape: [rows, cols],
                positions: hidden.positions,
                writeable: true,
            }
        };
        self.make_matrix(name, line, model, RESHAPE_2D, |chain| {
            chain.matrices[source].matrix.reshape(rows, cols)
        })
    }

    /// `m[i, j] = v` through any matrix, sometimes one past the end of an axis; a read-only
    /// matrix refuses first, then axis 0 is checked before axis 1, as in NumPy.
    fn set_2d(&mut self, tape: &mut Tape, target: usize) -> Result<(), Finding> {
        let entry = &self.matrices[target];
        let [rows, cols] = entry.model.shape;
        let (i, j) = (tape.below(rows + 1), tape.below(cols + 1));
        let value = 100 + tape.below(100) as i64;
        self.session.push((
            format!("{}[{i}, {j}] = {value}", entry.name),
            format!("{}.set({i}, {j}, {value});", entry.name),
        ));
        let outcome = self.call(MATRIX_SET, || self.matrices[target].matrix.set(i, j, value));
        if !entry.model.writeable {
            self.expect_error(MATRIX_SET, outcome, "assignment destination is read-only")?;
        } else if let Some(expected) = index_error(i, j, entry.model.shape) {
            self.expect_error(MATRIX_SET, outcome, &expected)?;
        } else {
            outcome?;
            let (buffer, position) = (entry.model.buffer, entry.model.at(i, j));
            self.buffers[buffer][position] = value;
        }
        self.check_all_values(MATRIX_SET)
    }

    /// A new owner holding the elements of matrix `source`, row by row: a copy's model.
    fn copy_of(&mut self, source: usize) -> Line {
        let values = self.values(
            self.matrices[source].model.buffer,
            &self.matrices[source].model.positions,
        );
        let len = values.len();
        Line {
            buffer: self.new_buffer(values),
            positions: (0..len).collect(),
            owner: true,
            writeable: true,
        }
    }

    /// Adds a buffer to NumPy's memory and returns its index.
    fn new_buffer(&mut self, values: Vec<i64>) -> usize {
        self.buffers.push(values);
        self.buffers.len() - 1
    }

    /// Records the line, makes a 1-D array with the learner's `make`, then checks it.
    fn make_array(
        &mut self,
        name: String,
        line: (String, String),
        model: Line,
        method: Method,
        make: impl FnOnce(&Chain) -> Array,
    ) -> Result<(), Finding> {
        self.session.push(line);
        let array = self.call(method, || make(self))?;
        self.add_array(name, model, array, method)
    }

    /// Records the line, makes a matrix with the learner's `make`, then checks it.
    fn make_matrix(
        &mut self,
        name: String,
        line: (String, String),
        model: Grid,
        method: Method,
        make: impl FnOnce(&Chain) -> Matrix,
    ) -> Result<(), Finding> {
        self.session.push(line);
        let matrix = self.call(method, || make(self))?;
        self.matrices.push(MatrixEntry {
            name,
            model,
            matrix,
            made_by: method,
        });
        let new = self.matrices.len() - 1;
        self.check_matrix_values(new, method)?;
        self.check_matrix(new)
    }

    /// Adds a 1-D array to the chain and checks everything one can observe of it.
    fn add_array(
        &mut self,
        name: String,
        model: Line,
        array: Array,
        made_by: Method,
    ) -> Result<(), Finding> {
        self.arrays.push(ArrayEntry {
            name,
            model,
            array,
            made_by,
            cells: Vec::new(),
        });
        let new = self.arrays.len() - 1;
        self.check_array_values(new, made_by)?;
        let cells = self.call(made_by, || addresses(&self.arrays[new].array))?;
        self.arrays[new].cells = cells;
        self.check_array(new)
    }

    /// Everything but the values of a new 1-D array: writeable, reads, sharing, base.
    fn check_array(&self, e: usize) -> Result<(), Finding> {
        let entry = &self.arrays[e];
        let writeable = self.call(entry.made_by, || entry.array.is_writeable())?;
        self.compare(entry.made_by, &writeable, &entry.model.writeable, || {
            format!("{}.flags.writeable", entry.name)
        })?;
        self.check_reads(entry)?;
        self.check_sharing(entry)?;
        self.check_base(entry)?;
        if !entry.model.writeable {
            self.check_refusals(entry)?;
        }
        Ok(())
    }

    /// A read-only array refuses chapter 4's writes, `set` (even past its end: the flag is
    /// checked first) and `double_first_half` (even when its half is empty), and changes
    /// nothing.
    fn check_refusals(&self, entry: &ArrayEntry) -> Result<(), Finding> {
        let len = entry.model.positions.len();
        let outcome = self.call(SET, || entry.array.set(len / 2, -1));
        let write = format!("{}[{}] = -1", entry.name, len / 2);
        self.expect_error_at(SET, outcome, "assignment destination is read-only", &write)?;
        self.check_all_values(SET)?;
        let outcome = self.call(DOUBLE_FIRST_HALF, || {
            crate::subject::double_first_half(&entry.array)
        });
        let double = format!("{0}[:len({0}) // 2] *= 2", entry.name);
        self.expect_error_at(
            DOUBLE_FIRST_HALF,
            outcome,
            "output array is read-only",
            &double,
        )?;
        self.check_all_values(DOUBLE_FIRST_HALF)
    }

    /// `get` for every index and one past the end, and `tolist`.
    fn check_reads(&self, entry: &ArrayEntry) -> Result<(), Finding> {
        let expected = self.values(entry.model.buffer, &entry.model.positions);
        for (i, value) in expected.iter().enumerate() {
            let got = self.call(GET, || entry.array.get(i))?;
            self.compare(GET, &got, value, || format!("{}[{i}]", entry.name))?;
        }
        let len = expected.len();
        let outcome = self.call(GET, || {
            entry.array.get(len);
        });
        let message = format!("index {len} is out of bounds for axis 0 with size {len}");
        self.expect_error_at(GET, outcome, &message, &format!("{}[{len}]", entry.name))?;
        let got = self.call(TO_VEC, || entry.array.to_vec())?;
        self.compare(TO_VEC, &got, &expected, || {
            format!("{}.tolist()", entry.name)
        })
    }

    /// `np.shares_memory` between a new array and every array of the chain, both ways round.
    /// Which elements an array really shows is read from its cells' addresses (the
    /// scaffolding's `runs`): when they differ from NumPy's, the array was made wrong, and
    /// its maker is blamed; when they agree, a wrong answer is `shares_memory`'s.
    fn check_sharing(&self, entry: &ArrayEntry) -> Result<(), Finding> {
        for other in &self.arrays {
            let expected = overlap(&entry.model, &other.model);
            let really = entry.cells.iter().any(|a| other.cells.contains(a));
            self.compare(entry.made_by, &really, &expected, || {
                format!("np.shares_memory({}, {})", entry.name, other.name)
            })?;
            for (x, y) in [(entry, other), (other, entry)] {
                let got = self.call(SHARES_MEMORY, || shares_memory(&x.array, &y.array))?;
                self.compare(SHARES_MEMORY, &got, &expected, || {
                    format!("np.shares_memory({}, {})", x.name, y.name)
                })?;
            }
        }
        Ok(())
    }

    /// `base`, `owns_data`, `nbytes` and the bytes a 1-D array keeps alive (chapter 3's
    /// methods, blamed when they disagree with each other; the maker when they agree).
    fn check_base(&self, entry: &ArrayEntry) -> Result<(), Finding> {
        let model = &entry.model;
        let base = self.call(BASE, || entry.array.base())?;
        let owns = self.call(OWNS_DATA, || entry.array.owns_data())?;
        let agree = base.is_none() == owns;
        let blame = |ch03: Method| if agree { entry.made_by } else { ch03 };
        self.compare(blame(OWNS_DATA), &owns, &model.owner, || {
            format!("{}.flags.owndata", entry.name)
        })?;
        self.compare(blame(BASE), &base.is_none(), &model.owner, || {
            format!("{}.base is None", entry.name)
        })?;
        if let Some(base) = base {
            self.check_owner_of(&base, model.buffer, (BASE, BASE), &entry.name)?;
        }
        let nbytes = self.call(NBYTES, || entry.array.nbytes())?;
        self.compare(NBYTES, &nbytes, &(model.positions.len() * 8), || {
            format!("{}.nbytes", entry.name)
        })?;
        if !model.writeable {
            // A copy of a read-only array is a new, writeable owner (chapter 5's `copy`).
            let copy = self.call(COPY, || entry.array.copy())?;
            self.compare(COPY, &copy.is_writeable(), &true, || {
                format!("{}.copy().flags.writeable", entry.name)
            })?;
            let got = self.call(COPY, || copy.iter().collect::<Vec<i64>>())?;
            let expected = self.values(model.buffer, &model.positions);
            self.compare(COPY, &got, &expected, || {
                format!("{}.copy().tolist()", entry.name)
            })?;
        }
        let held = self.call(HELD_BYTES, || entry.array.held_bytes())?;
        let whole = self.buffers[model.buffer].len() * 8;
        // A copy holding more than its elements is its maker's fault; a view's figure is
        // `held_bytes`'s.
        let blame = if model.owner && entry.made_by.name != ARANGE.name {
            entry.made_by
        } else {
            HELD_BYTES
        };
        self.compare(blame, &held, &whole, || {
            format!(
                "the buffer {} keeps alive (its base's nbytes, or its own)",
                entry.name
            )
        })
    }

    /// A base (of a view or of a matrix, named `of`) is the owner of buffer `buffer`: it
    /// shares memory with the chain's arrays that show part of that buffer (else `made_by`
    /// put its array on another buffer: blamed), and holds all of it, owning it (else
    /// `base_blame`, the method that names the base, is wrong).
    fn check_owner_of(
        &self,
        base: &Array,
        buffer: usize,
        (made_by, base_blame): (Method, Method),
        of: &str,
    ) -> Result<(), Finding> {
        let cells = self.call(base_blame, || addresses(base))?;
        for other in &self.arrays {
            let expected = other.model.buffer == buffer && !other.model.positions.is_empty();
            let really = other.cells.iter().any(|a| cells.contains(a));
            self.compare(made_by, &really, &expected, || {
                format!("np.shares_memory({of}.base, {})", other.name)
            })?;
            let got = self.call(SHARES_MEMORY, || shares_memory(base, &other.array))?;
            self.compare(SHARES_MEMORY, &got, &expected, || {
                format!("np.shares_memory({of}.base, {})", other.name)
            })?;
        }
        let got = self.call(base_blame, || base.iter().collect::<Vec<i64>>())?;
        self.compare(base_blame, &got, &self.buffers[buffer], || {
            format!("{of}.base.ravel().tolist()")
        })?;
        let owns = self.call(OWNS_DATA, || base.owns_data())?;
        self.compare(base_blame, &owns, &true, || {
            format!("{of}.base.flags.owndata")
        })?;
        // The owner is writeable even when the view (a broadcast's row) is not.
        self.compare(base_blame, &base.is_writeable(), &true, || {
            format!("{of}.base.flags.writeable")
        })
    }

    /// Everything but the values of a new matrix: shape, strides, writeable, contiguity,
    /// `get` (and its errors), base.
    fn check_matrix(&self, m: usize) -> Result<(), Finding> {
        let entry = &self.matrices[m];
        let model = &entry.model;
        let [rows, cols] = self.call(entry.made_by, || entry.matrix.shape())?;
        self.compare(
            entry.made_by,
            &(rows, cols),
            &(model.shape[0], model.shape[1]),
            || format!("{}.shape", entry.name),
        )?;
        let strides = self.call(entry.made_by, || entry.matrix.strides())?;
        for (axis, got) in strides.iter().enumerate() {
            if let Some(stride) = model.stride(axis) {
                self.compare(entry.made_by, got, &stride, || {
                    format!("{}.strides[{axis}] // 8", entry.name)
                })?;
            }
        }
        let writeable = self.call(entry.made_by, || entry.matrix.is_writeable())?;
        self.compare(entry.made_by, &writeable, &model.writeable, || {
            format!("{}.flags.writeable", entry.name)
        })?;
        let contiguous = self.call(IS_C_CONTIGUOUS, || entry.matrix.is_c_contiguous())?;
        self.compare(
            IS_C_CONTIGUOUS,
            &contiguous,
            &model.is_c_contiguous(),
            || format!("{}.flags.c_contiguous", entry.name),
        )?;
        self.check_matrix_reads(entry)?;
        self.check_rows_and_columns(entry)?;
        let base = self.call(MATRIX_BASE, || entry.matrix.base())?;
        self.check_owner_of(
            &base,
            model.buffer,
            (entry.made_by, MATRIX_BASE),
            &entry.name,
        )
    }

    /// Every row and every column, empty ones included (of a matrix with no columns or no
    /// rows, whose first element would lie anywhere, even outside the buffer): their
    /// elements, and as writeable as the matrix.
    fn check_rows_and_columns(&self, entry: &MatrixEntry) -> Result<(), Finding> {
        let model = &entry.model;
        let [rows, cols] = model.shape;
        let rows = (0..rows).map(|i| (ROW, format!("{}[{i}]", entry.name), model.row(i), i));
        let columns = (0..cols).map(|j| {
            (
                COLUMN,
                format!("{}[:, {j}]", entry.name),
                model.column(j),
                j,
            )
        });
        for (method, numpy, positions, k) in rows.chain(columns) {
            let line = self.call(method, || {
                if method.name == ROW.name {
                    entry.matrix.row(k)
                } else {
                    entry.matrix.column(k)
                }
            })?;
            let got = self.call(method, || line.iter().collect::<Vec<i64>>())?;
            let expected = self.values(model.buffer, &positions);
            self.compare(method, &got, &expected, || format!("{numpy}.tolist()"))?;
            let writeable = self.call(method, || line.is_writeable())?;
            self.compare(method, &writeable, &model.writeable, || {
                format!("{numpy}.flags.writeable")
            })?;
        }
        Ok(())
    }

    /// `m[i, j]` for every element, and one past the end of each axis.
    fn check_matrix_reads(&self, entry: &MatrixEntry) -> Result<(), Finding> {
        let [rows, cols] = entry.model.shape;
        for i in 0..rows {
            for j in 0..cols {
                let got = self.call(MATRIX_GET, || entry.matrix.get(i, j))?;
                let expected = self.buffers[entry.model.buffer][entry.model.at(i, j)];
                self.compare(MATRIX_GET, &got, &expected, || {
                    format!("{}[{i}, {j}]", entry.name)
                })?;
            }
        }
        for (i, j) in [(rows, 0), (0, cols)] {
            let expected = index_error(i, j, entry.model.shape).expect("one past an end");
            let outcome = self.call(MATRIX_GET, || {
                entry.matrix.get(i, j);
            });
            let read = format!("{}[{i}, {j}]", entry.name);
            self.expect_error_at(MATRIX_GET, outcome, &expected, &read)?;
        }
        Ok(())
    }

    /// The elements of 1-D array `e`, read by the scaffolding's `iter()` (which cannot be
    /// wrong), against NumPy's: a difference is the fault of `blame`.
    fn check_array_values(&self, e: usize, blame: Method) -> Result<(), Finding> {
        let entry = &self.arrays[e];
        let expected = self.values(entry.model.buffer, &entry.model.positions);
        let got = self.call(blame, || entry.array.iter().collect::<Vec<i64>>())?;
        self.compare(blame, &got, &expected, || entry.name.clone())
    }

    /// The rows of matrix `m`, read by the scaffolding's `to_rows()`, against NumPy's.
    fn check_matrix_values(&self, m: usize, blame: Method) -> Result<(), Finding> {
        let entry = &self.matrices[m];
        let model = &entry.model;
        let expected: Vec<Vec<i64>> = (0..model.shape[0])
            .map(|i| self.values(model.buffer, &model.row(i)))
            .collect();
        let got = self.call(blame, || entry.matrix.to_rows())?;
        self.compare(blame, &got, &expected, || {
            format!("{}.tolist()", entry.name)
        })
    }

    /// After a write: every array and matrix of the chain shows what NumPy's would.
    fn check_all_values(&self, blame: Method) -> Result<(), Finding> {
        (0..self.arrays.len()).try_for_each(|e| self.check_array_values(e, blame))?;
        (0..self.matrices.len()).try_for_each(|m| self.check_matrix_values(m, blame))
    }

    /// The values NumPy holds at `positions` of buffer `buffer`.
    fn values(&self, buffer: usize, positions: &[usize]) -> Vec<i64> {
        positions.iter().map(|&p| self.buffers[buffer][p]).collect()
    }

    /// The next name in the session: `a`, `b`, ... `z`, `a1`, ...
    fn next_name(&self) -> String {
        let n = self.arrays.len() + self.matrices.len();
        let letter = char::from(b'a' + (n % 26) as u8);
        if n < 26 {
            letter.to_string()
        } else {
            format!("{letter}{}", n / 26)
        }
    }

    /// Calls the learner's code, turning a panic into a finding that names the method.
    fn call<T>(&self, method: Method, run: impl FnOnce() -> T) -> Result<T, Finding> {
        attempt(run).map_err(|why| self.finding(method, format!("`{}`: {why}", method.name)))
    }

    /// An error NumPy raises at the session's last line: the learner's call must panic with
    /// its message.
    fn expect_error(
        &self,
        method: Method,
        outcome: Result<(), Finding>,
        expected: &str,
    ) -> Result<(), Finding> {
        self.expect_error_at(method, outcome, expected, "the last line")
    }

    /// An error NumPy raises at `at` (the last line, or a read the message names).
    fn expect_error_at(
        &self,
        method: Method,
        outcome: Result<(), Finding>,
        expected: &str,
        at: &str,
    ) -> Result<(), Finding> {
        match outcome {
            Ok(()) => Err(self.finding(
                method,
                format!(
                    "NumPy raises an error at {at} ({expected:?}); yours returned normally \
                     (`{}`)",
                    method.name
                ),
            )),
            Err(finding) if finding.text.contains(expected) => Ok(()),
            // A stub's `todo!()` says so itself.
            Err(finding) if finding.text.contains("not yet implemented") => Err(finding),
            Err(finding) => Err(self.finding(
                method,
                format!(
                    "NumPy raises {expected:?} at {at}; {}",
                    last_line(&finding.text)
                ),
            )),
        }
    }

    /// Compares one observation (`what`, a Python expression) with NumPy's.
    fn compare<T: PartialEq + Python>(
        &self,
        method: Method,
        got: &T,
        expected: &T,
        what: impl FnOnce() -> String,
    ) -> Result<(), Finding> {
        if got == expected {
            return Ok(());
        }
        Err(self.finding(
            method,
            format!(
                "{} is {} in NumPy; yours gave {} (`{}`)",
                what(),
                expected.python(),
                got.python(),
                method.name
            ),
        ))
    }

    /// A finding blaming `method`, with the session that led to it.
    fn finding(&self, method: Method, what: String) -> Finding {
        finding_after("NumPy", &self.session, self.checked, method, what)
    }
}

impl ArrayEntry {
    /// The model of a view of this array showing its elements `indices`, as writeable as it.
    fn view_of(&self, indices: &[usize]) -> Line {
        Line {
            buffer: self.model.buffer,
            positions: indices.iter().map(|&i| self.model.positions[i]).collect(),
            owner: false,
            writeable: self.model.writeable,
        }
    }
}

impl MatrixEntry {
    /// The model of a 1-D view of this matrix at `positions`, as writeable as it.
    fn view_1d(&self, positions: Vec<usize>) -> Line {
        Line {
            buffer: self.model.buffer,
            positions,
            owner: false,
            writeable: self.model.writeable,
        }
    }
}

/// Which of `count` arrays (or matrices) an operation applies to, the newest first (choice
/// 0): chains then tend to be pipelines (a slice, reshaped, transposed, its row written
/// through), where offsets, steps and flags pile up, and they shrink to one.
fn newest_first(tape: &mut Tape, count: usize) -> usize {
    count - 1 - tape.below(count)
}

/// A shape for `size` elements, as rows and columns: any factorisation (for 0 elements, 0
/// rows or 0 columns), or about one time in eight a shape of another size, to get NumPy's
/// `ValueError`.
fn draw_shape(tape: &mut Tape, size: usize) -> [usize; 2] {
    if tape.one_in(8) {
        // rows * (size / rows + 1) > size: never the right size.
        let rows = 1 + tape.below(4);
        return [rows, size / rows + 1];
    }
    if size == 0 {
        let rows = tape.below(4);
        return [rows, if rows == 0 { tape.below(4) } else { 0 }];
    }
    let divisors: Vec<usize> = (1..=size).filter(|&d| size.is_multiple_of(d)).collect();
    let rows = divisors[tape.below(divisors.len())];
    [rows, size / rows]
}

/// NumPy's `IndexError` for `m[i, j]` on a matrix of `shape`, axis 0 first; `None` when both
/// indices are in range.
fn index_error(i: usize, j: usize, shape: [usize; 2]) -> Option<String> {
    [(i, shape[0]), (j, shape[1])]
        .into_iter()
        .enumerate()
        .find(|(_, (index, size))| index >= size)
        .map(|(axis, (index, size))| {
            format!("index {index} is out of bounds for axis {axis} with size {size}")
        })
}

/// A session line for a call that raises: the call alone, without the assignment
/// (`np.broadcast_to(a, (2, 5))`, `a.broadcast_to(2, 5);`), so that the name it would have
/// taken goes to the next array made.
fn unassigned((numpy, rust): (String, String)) -> (String, String) {
    let call = |line: &str| line.split_once(" = ").map(|(_, call)| call.to_owned());
    let numpy = call(&numpy).unwrap_or(numpy);
    let rust = call(&rust).unwrap_or(rust);
    (numpy, rust)
}

/// Whether two model arrays show a common element: the same buffer and a common position.
fn overlap(a: &Line, b: &Line) -> bool {
    a.buffer == b.buffer && a.positions.iter().any(|p| b.positions.contains(p))
}

/// The addresses of the cells a learner's array really shows, read through the
/// scaffolding's `runs` (which walks the array's own fields, whoever set them).
fn addresses(array: &Array) -> Vec<usize> {
    array.cell_addresses()
}
