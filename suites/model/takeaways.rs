//! The model of chapter 6: the recordings program and `scaled`, on random inputs.
//!
//! [`check`] draws either a few recordings of any length and a header length (past the end
//! too) for `keep_headers`, or an array viewed anywhere (a slice of any range kind, sometimes
//! stepped or reversed) and a factor for `scaled`. A header is modelled as the first readings
//! of its recording, in a buffer of its own; `scaled`'s result as the view's values times the
//! factor, in a new buffer, with every input unchanged. (`returns` is checked for every
//! operation by the suite's own cases: nothing random to add.)

use viewbook::harness::explore::{Finding, Tape};

use super::session::{Method, Session, Span, with_range};
use crate::subject::Array;
use crate::subject::shares_memory;
use crate::subject::{keep_headers, load_recording, scaled};

/// This model's chapter.
const SLUG: &str = "ch06_takeaways";
/// The most recordings one check loads.
const MAX_RECORDINGS: usize = 4;
/// The longest recording or array one check makes.
const MAX_LEN: usize = 16;

/// The learner's `keep_headers`.
const KEEP_HEADERS: Method = Method::new("keep_headers", SLUG);
/// The learner's `scaled`.
const SCALED: Method = Method::new("scaled", SLUG);
/// The learner's `Array::slice`.
const SLICE: Method = Method::new("Array::slice", "ch02_views");
/// The learner's `Array::slice_step`.
const SLICE_STEP: Method = Method::new("Array::slice_step", "ch04_aliasing");

/// One random check of `keep_headers` or of `scaled`.
pub fn check(tape: &mut Tape) -> Result<(), Finding> {
    if tape.one_in(2) {
        check_scaled(tape)
    } else {
        check_keep_headers(tape)
    }
}

/// `keep_headers` on a few recordings of random lengths: one header per recording, each the
/// first `header_len` readings (all of them when the recording is shorter), each a copy that
/// holds only its own readings.
fn check_keep_headers(tape: &mut Tape) -> Result<(), Finding> {
    let lens: Vec<usize> = (0..tape.below(MAX_RECORDINGS + 1))
        .map(|_| tape.below(MAX_LEN + 1))
        .collect();
    let header_len = tape.below(MAX_LEN + 4);
    let ids = || (0..lens.len()).map(|k| 10 + k as i64);
    let calls = |load: &str| -> Vec<String> {
        ids()
            .zip(&lens)
            .map(|(id, len)| format!("{load}({id}, {len})"))
            .collect()
    };
    let mut session = Session::new(SLUG);
    session.line(
        format!(
            "headers = [r[:{header_len}].copy() for r in [{}]]",
            calls("load").join(", ")
        ),
        format!(
            "let headers = keep_headers([{}], {header_len});",
            calls("load_recording").join(", ")
        ),
    );
    let recordings: Vec<Array> = ids()
        .zip(&lens)
        .map(|(id, &len)| load_recording(id, len))
        .collect();
    let headers = session.call(KEEP_HEADERS, || keep_headers(recordings, header_len))?;
    session.compare(KEEP_HEADERS, &headers.len(), &lens.len(), || {
        "len(headers) is, one per recording,".to_owned()
    })?;
    for ((k, header), (id, &len)) in headers.iter().enumerate().zip(ids().zip(&lens)) {
        let kept = header_len.min(len);
        let expected: Vec<i64> = (0..kept as i64)
            .map(|i| if i == 0 { id } else { i })
            .collect();
        let got = session.call(KEEP_HEADERS, || header.iter().collect::<Vec<i64>>())?;
        session.compare(KEEP_HEADERS, &got, &expected, || {
            format!("headers[{k}] (the first {header_len} readings of recording {id}) is")
        })?;
        let base_is_none = session.call(KEEP_HEADERS, || header.base().is_none())?;
        session.require(KEEP_HEADERS, base_is_none, || {
            format!(
                "headers[{k}].base is None: a header you keep is a copy of its readings, not a \
                 view of the recording, which would keep the whole recording alive"
            )
        })?;
        let held = session.call(KEEP_HEADERS, || header.held_bytes())?;
        session.compare(KEEP_HEADERS, &held, &(8 * kept), || {
            format!(
                "the bytes headers[{k}] keeps alive: only its own {kept} readings, 8 bytes each \
                 (copy the header's readings, not the recording), so they are"
            )
        })?;
    }
    Ok(())
}

/// `scaled` of an array viewed anywhere in its owner: the values times the factor, in a new
/// array, with the view and its owner unchanged.
fn check_scaled(tape: &mut Tape) -> Result<(), Finding> {
    let n = tape.below(MAX_LEN + 1);
    let mut session = Session::new(SLUG);
    session.line(
        format!("arr = np.arange({n})"),
        format!("let arr = Array::arange({n});"),
    );
    let arr = Array::arange(n);
    let (view, shown) = draw_view(&mut session, tape, &arr)?;
    let factor = tape.between(-3, 3) as i64;
    session.line(
        format!("result = view * {factor}"),
        format!("let result = scaled(&view, {factor});"),
    );
    let result = session.call(SCALED, || scaled(&view, factor))?;
    let expected: Vec<i64> = shown.iter().map(|&i| i as i64 * factor).collect();
    let got = session.call(SCALED, || result.iter().collect::<Vec<i64>>())?;
    session.compare(SCALED, &got, &expected, || "result is".to_owned())?;
    let untouched = |what: &str, array: &Array, values: Vec<i64>| {
        let now: Vec<i64> = array.iter().collect();
        session.compare(SCALED, &now, &values, || {
            format!(
                "{what} after scaled(view, {factor}) is unchanged: copy first, then mutate the \
                 copy, never the argument (it may be a view of the caller's array), so it is"
            )
        })
    };
    untouched("view", &view, shown.iter().map(|&i| i as i64).collect())?;
    untouched("arr", &arr, (0..n as i64).collect())?;
    let base_is_none = session.call(SCALED, || result.base().is_none())?;
    session.require(SCALED, base_is_none, || {
        "result.base is None: `view * factor` is a new array, not a view".to_owned()
    })?;
    let shares = session.call(SCALED, || shares_memory(&result, &arr))?;
    session.require(SCALED, !shares, || {
        "np.shares_memory(result, arr) is False: the result has a buffer of its own".to_owned()
    })
}

/// A view of `arr` to scale: a slice of any range kind, sometimes stepped (chapter 4), or
/// `arr` itself; returns it with the indices of `arr` it shows, after checking them.
fn draw_view(
    session: &mut Session,
    tape: &mut Tape,
    arr: &Array,
) -> Result<(Array, Vec<usize>), Finding> {
    let n = arr.len();
    let (view, shown, method) = match tape.below(3) {
        0 => {
            session.line("view = arr[:]", "let view = arr.slice(..);");
            let view = session.call(SLICE, || arr.slice(..))?;
            (view, (0..n).collect(), SLICE)
        }
        1 => {
            let span = Span::draw(tape, n);
            session.line(
                format!("view = arr{}", span.python()),
                format!("let view = arr.slice({});", span.rust()),
            );
            let view = session.call(SLICE, || with_range!(span, |range| arr.slice(range)))?;
            (view, span.indices(n).collect(), SLICE)
        }
        _ => {
            let step = [2, 3, -1, -2][tape.below(4)];
            session.line(
                format!("view = arr[::{step}]"),
                format!("let view = arr.slice_step(None, None, {step});"),
            );
            let view = session.call(SLICE_STEP, || arr.slice_step(None, None, step))?;
            let shown: Vec<usize> = if step > 0 {
                (0..n).step_by(step as usize).collect()
            } else {
                (0..n).rev().step_by(step.unsigned_abs()).collect()
            };
            (view, shown, SLICE_STEP)
        }
    };
    let got = session.call(method, || view.iter().collect::<Vec<i64>>())?;
    let expected: Vec<i64> = shown.iter().map(|&i| i as i64).collect();
    session.compare(method, &got, &expected, || "view is".to_owned())?;
    Ok((view, shown))
}
