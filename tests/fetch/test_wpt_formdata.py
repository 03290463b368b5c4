"""Ports of WPT xhr/formdata/ (the parts that need no DOM form element).

The *-domform.html files build FormData from a <form>; their assertions on
append/get/has/delete/set hold for `FormData()` and are ported against it.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from webstd.fetch.form_data import FormData
from webstd.file import Blob, File
from webstd.url.search_params import URLSearchParams

# --- append-domform.html / get-from-domform.html / has / delete / set ----------------


def test_append_domform_test_form_data_append_to_form1() -> None:
    fd = FormData()
    fd.append("key", "value1")
    assert fd.get("key") == "value1"


def test_append_domform_test_form_data_append_to_form2() -> None:
    fd = FormData()
    fd.append("key", "value2")
    fd.append("key", "value1")
    assert fd.get("key") == "value2"
    assert fd.get_all("key") == ["value2", "value1"]


def test_append_domform_test_form_data_append_to_form_none_is_a_type_error() -> None:
    # JS stringifies undefined/null; webstd takes str only (API.md "Values").
    fd = FormData()
    with pytest.raises(TypeError, match="NoneType"):
        fd.append("key", None)  # type: ignore[arg-type]


def test_append_domform_test_form_data_append_to_form_string() -> None:
    with pytest.raises(TypeError):
        FormData().append("name", "string", "filename")


def test_append_domform_test_form_data_append_to_form_wrong_platform_object() -> None:
    with pytest.raises(TypeError):
        FormData().append("name", URLSearchParams(), "filename")  # type: ignore[arg-type]


def test_get_from_domform_test_form_data_get() -> None:
    fd = FormData()
    fd.append("key", "value1")
    fd.append("key", "value2")
    assert fd.get("key") == "value1"
    assert fd.get("nil") is None
    assert fd.get_all("key") == ["value1", "value2"]
    assert fd.get_all("nil") == []


def test_has_from_domform_test_form_data_has() -> None:
    fd = FormData()
    fd.append("key", "value1")
    fd.append("key", "value2")
    assert fd.has("key")
    assert not fd.has("nil")
    assert "key" in fd
    assert "nil" not in fd


def test_delete_domform_test_form_data_delete() -> None:
    fd = FormData()
    fd.append("key", "value1")
    fd.append("key", "value2")
    fd.append("other", "x")
    fd.delete("key")
    assert fd.get("key") is None
    assert list(fd) == [("other", "x")]
    fd.delete("nil")
    assert list(fd) == [("other", "x")]


def test_set_from_domform_test_form_data_set_replaces_first_and_removes_rest() -> None:
    fd = FormData()
    fd.append("a", "1")
    fd.append("b", "2")
    fd.append("a", "3")
    fd.set("a", "4")
    assert list(fd) == [("a", "4"), ("b", "2")]
    fd.set("c", "5")
    assert list(fd) == [("a", "4"), ("b", "2"), ("c", "5")]


# --- iteration.any.js ------------------------------------------------------------------------


def _create(pairs: list[tuple[str, str]]) -> FormData:
    form = FormData()
    for name, value in pairs:
        form.append(name, value)
    return form


def test_iteration_skips_elements_removed_while_iterating() -> None:
    form = _create([("foo", "0"), ("baz", "1"), ("BAR", "2")])
    seen = []
    for name, value in form:
        seen.append((name, value))
        form.delete("baz")
    assert seen == [("foo", "0"), ("BAR", "2")]


def test_iteration_removing_elements_already_iterated_over_skips_an_element() -> None:
    form = _create([("foo", "0"), ("baz", "1"), ("BAR", "2"), ("quux", "3")])
    seen = []
    for name, value in form:
        seen.append((name, value))
        if name == "baz":
            form.delete("foo")
    assert seen == [("foo", "0"), ("baz", "1"), ("quux", "3")]


def test_iteration_appending_a_value_pair_during_iteration_reaches_it() -> None:
    form = _create([("foo", "0"), ("baz", "1"), ("BAR", "2"), ("quux", "3")])
    seen = []
    for name, value in form:
        seen.append((name, value))
        if name == "baz":
            form.append("X-yZ", "4")
    assert [n for n, _ in seen] == ["foo", "baz", "BAR", "quux", "X-yZ"]
    assert [v for _, v in seen] == ["0", "1", "2", "3", "4"]


def test_iteration_entries_keys_values_for_each() -> None:
    form = _create([("a", "1"), ("b", "2")])
    assert list(form.entries()) == [("a", "1"), ("b", "2")]
    assert list(form.keys()) == ["a", "b"]
    assert list(form.values()) == ["1", "2"]
    calls: list[tuple[Any, str, FormData]] = []
    form.for_each(lambda value, key, container: calls.append((value, key, container)))
    assert calls == [("1", "a", form), ("2", "b", form)]


# --- set-blob.any.js ---------------------------------------------------------------------------


def _now_ms() -> int:
    return int(time.time() * 1000)


def test_set_blob_blob_without_type() -> None:
    form = FormData()
    form.set("blob-1", Blob())
    blob1 = form.get("blob-1")
    assert type(blob1) is File
    assert blob1.name == "blob"
    assert blob1.type == ""
    assert form.get("blob-1") is form.get("blob-1")
    assert abs(blob1.last_modified - _now_ms()) < 2000


def test_set_blob_blob_with_type() -> None:
    form = FormData()
    form.set("blob-2", Blob([], type="text/plain"))
    blob2 = form.get("blob-2")
    assert isinstance(blob2, File)
    assert (blob2.name, blob2.type) == ("blob", "text/plain")
    assert abs(blob2.last_modified - _now_ms()) < 2000


def test_set_blob_blob_with_custom_name() -> None:
    form = FormData()
    form.set("blob-3", Blob(), "custom name")
    blob3 = form.get("blob-3")
    assert isinstance(blob3, File)
    assert (blob3.name, blob3.type) == ("custom name", "")
    assert abs(blob3.last_modified - _now_ms()) < 2000


def test_set_blob_file_without_last_modified_or_custom_name() -> None:
    form = FormData()
    file = File([], "name")
    form.set("file-1", file)
    file1 = form.get("file-1")
    assert file1 is file
    assert isinstance(file1, File) and file1.name == "name"
    assert file1.type == ""
    assert abs(file1.last_modified - _now_ms()) < 2000


async def test_set_blob_file_with_last_modified_and_custom_name() -> None:
    form = FormData()
    form.set("file-2", File(["abc"], "name", last_modified=123, type="a/b"), "custom name")
    file2 = form.get("file-2")
    assert isinstance(file2, File)
    assert (file2.name, file2.type, file2.last_modified) == ("custom name", "a/b", 123)
    assert await file2.text() == "abc"


# --- USVString conversion ----------------------------------------------------------------------


def test_formdata_names_and_values_are_usv_strings() -> None:
    form = FormData()
    form.append("a\ud800", "b\udc00c")
    form.append("pair", "\ud83d\ude00")
    assert list(form) == [("a\ufffd", "b\ufffdc"), ("pair", "😀")]
    assert form.has("a\ud800")


def test_formdata_rejects_non_str_names() -> None:
    with pytest.raises(TypeError, match="int"):
        FormData().append(1, "x")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="bytes"):
        FormData().append("a", b"x")  # type: ignore[arg-type]


def test_formdata_repr() -> None:
    form = _create([("a", "1")])
    assert repr(form) == "FormData([('a', '1')])"


# --- append.any.js -----------------------------------------------------------------------------
# testFormDataAppendUndefined1/2 and testFormDataAppendNull1/2 are in tests/wpt/SKIPPED.md.


def _create_formdata(*entries: tuple[Any, ...]) -> FormData:
    form = FormData()
    for entry in entries:
        form.append(*entry)
    return form


def _create_formdata_set(*entries: tuple[Any, ...]) -> FormData:
    form = FormData()
    for entry in entries:
        form.set(*entry)
    return form


def test_append_test_form_data_append1() -> None:
    assert _create_formdata(("key", "value1")).get("key") == "value1"


def test_append_test_form_data_append2() -> None:
    assert _create_formdata(("key", "value2"), ("key", "value1")).get("key") == "value2"


def test_append_test_form_data_append_empty_blob() -> None:
    before = _now_ms() - 2000  # two seconds ago, in case there's clock drift
    file = _create_formdata(("key", Blob(), "blank.txt")).get("key")
    assert isinstance(file, File)
    assert file.name == "blank.txt"
    assert file.type == ""
    assert file.size == 0
    assert before <= file.last_modified <= _now_ms()


# --- delete.any.js -----------------------------------------------------------------------------


def test_delete_test_form_data_delete() -> None:
    form = _create_formdata(("key", "value1"), ("key", "value2"))
    form.delete("key")
    assert form.get("key") is None


def test_delete_test_form_data_delete_non_existent_key() -> None:
    form = _create_formdata(("key", "value1"), ("key", "value2"))
    form.delete("nil")
    assert form.get("key") == "value1"


def test_delete_test_form_data_delete_other_key() -> None:
    form = _create_formdata(("key1", "value1"), ("key2", "value2"))
    form.delete("key1")
    assert form.get("key1") is None
    assert form.get("key2") == "value2"


# --- foreach.any.js ----------------------------------------------------------------------------


def _foreach_form() -> tuple[FormData, list[str], list[Any]]:
    form = FormData()
    for name, value in [("n1", "v1"), ("n2", "v2"), ("n3", "v3"), ("n1", "v4"), ("n2", "v5")]:
        form.append(name, value)
    form.append("n3", "v6")
    form.delete("n2")
    file = File(["hello"], "hello.txt")
    form.append("f1", file)
    return form, ["n1", "n3", "n1", "n3", "f1"], ["v1", "v3", "v4", "v6", file]


def test_foreach_iterator_should_return_duplicate_keys_and_non_deleted_values() -> None:
    form, keys, values = _foreach_form()
    entries = list(form)
    assert all(len(entry) == 2 for entry in entries)
    assert [k for k, _ in entries] == keys
    assert [v for _, v in entries] == values


def test_foreach_entries_iterator_should_return_duplicate_keys_and_non_deleted_values() -> None:
    form, keys, values = _foreach_form()
    entries = list(form.entries())
    assert all(len(entry) == 2 for entry in entries)
    assert [k for k, _ in entries] == keys
    assert [v for _, v in entries] == values


def test_foreach_keys_iterator_should_return_duplicates() -> None:
    form, keys, _ = _foreach_form()
    assert list(form.keys()) == keys


def test_foreach_values_iterator_should_return_non_deleted_values() -> None:
    form, _, values = _foreach_form()
    assert list(form.values()) == values


# --- get.any.js --------------------------------------------------------------------------------


def test_get_test_form_data_get() -> None:
    assert _create_formdata(("key", "value1"), ("key", "value2")).get("key") == "value1"


def test_get_test_form_data_get_null1() -> None:
    assert _create_formdata(("key", "value1"), ("key", "value2")).get("nil") is None


def test_get_test_form_data_get_null2() -> None:
    assert _create_formdata().get("key") is None


def test_get_test_form_data_get_all() -> None:
    form = _create_formdata(("key", "value1"), ("key", "value2"))
    assert form.get_all("key") == ["value1", "value2"]


def test_get_test_form_data_get_all_empty1() -> None:
    assert _create_formdata(("key", "value1"), ("key", "value2")).get_all("nil") == []


def test_get_test_form_data_get_all_empty2() -> None:
    assert _create_formdata().get_all("key") == []


# --- has.any.js --------------------------------------------------------------------------------


def test_has_test_form_data_has() -> None:
    assert _create_formdata(("key", "value1"), ("key", "value2")).has("key") is True


def test_has_test_form_data_has_empty1() -> None:
    assert _create_formdata(("key", "value1"), ("key", "value2")).has("nil") is False


def test_has_test_form_data_has_empty2() -> None:
    assert _create_formdata().has("key") is False


# --- set.any.js --------------------------------------------------------------------------------
# testFormDataSetUndefined1/2 and testFormDataSetNull1/2 are in tests/wpt/SKIPPED.md.


def test_set_test_form_data_set1() -> None:
    assert _create_formdata_set(("key", "value1")).get("key") == "value1"


def test_set_test_form_data_set2() -> None:
    assert _create_formdata_set(("key", "value2"), ("key", "value1")).get("key") == "value1"


def test_set_test_form_data_set_empty_blob() -> None:
    form = FormData()
    form.set("key", Blob([]), "blank.txt")
    file = form.get("key")
    assert isinstance(file, File)
    assert file.name == "blank.txt"


def test_set_none_is_a_type_error() -> None:
    # JS stringifies undefined/null; webstd takes str only (API.md "Values").
    with pytest.raises(TypeError, match="NoneType"):
        FormData().set("key", None)  # type: ignore[arg-type]


# --- constructor.any.js ------------------------------------------------------------------------


def test_constructor_constructors_should_throw_a_type_error() -> None:
    # `new FormData(null)` / `new FormData("string")`: no form element argument in webstd.
    with pytest.raises(TypeError):
        FormData(None)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        FormData("string")  # type: ignore[call-arg]


# --- *-domform.html, title by title (an empty <form> is `FormData()`) ------------------------


def _form_key_value1_value2() -> FormData:
    # <form id="form"> with two hidden inputs named "key".
    return _create_formdata(("key", "value1"), ("key", "value2"))


def test_get_from_domform_test_form_data_get_from_form() -> None:
    assert _form_key_value1_value2().get("key") == "value1"


def test_get_from_domform_test_form_data_get_from_form_null() -> None:
    assert _form_key_value1_value2().get("nil") is None


def test_get_from_domform_test_form_data_get_from_empty_form() -> None:
    assert FormData().get("key") is None


def test_get_from_domform_test_form_data_get_all_from_form() -> None:
    assert _form_key_value1_value2().get_all("key") == ["value1", "value2"]


def test_get_from_domform_test_form_data_get_all_from_form_null() -> None:
    assert _form_key_value1_value2().get_all("nil") == []


def test_get_from_domform_test_form_data_get_all_from_empty_form() -> None:
    assert FormData().get_all("key") == []


def test_has_from_domform_test_form_data_has_from_form() -> None:
    assert _form_key_value1_value2().has("key") is True


def test_has_from_domform_test_form_data_has_from_form_null() -> None:
    assert _form_key_value1_value2().has("nil") is False


def test_has_from_domform_test_form_data_has_from_empty_form() -> None:
    assert FormData().has("key") is False


def test_delete_domform_test_form_data_delete_from_form() -> None:
    form = _form_key_value1_value2()
    form.delete("key")
    assert form.get("key") is None


def test_delete_domform_test_form_data_delete_from_form_non_existent_key() -> None:
    form = _form_key_value1_value2()
    form.delete("nil")
    assert form.get("key") == "value1"


def test_delete_domform_test_form_data_delete_from_form_other_key() -> None:
    form = _create_formdata(("key1", "value1"), ("key2", "value2"))
    form.delete("key1")
    assert form.get("key1") is None
    assert form.get("key2") == "value2"


def test_delete_domform_test_form_data_delete_from_empty_form() -> None:
    form = FormData()
    form.delete("key")
    assert form.get("key") is None


def test_set_from_domform_test_form_data_set_to_form1() -> None:
    form = FormData()
    form.set("key", "value1")
    assert form.get("key") == "value1"


def test_set_from_domform_test_form_data_set_to_form2() -> None:
    form = FormData()
    form.set("key", "value2")
    form.set("key", "value1")
    assert form.get("key") == "value1"


def test_set_from_domform_test_form_data_set_to_form_string() -> None:
    with pytest.raises(TypeError):
        FormData().set("name", "string", "filename")


def test_set_from_domform_test_form_data_set_to_form_wrong_platform_object() -> None:
    with pytest.raises(TypeError):
        FormData().set("name", URLSearchParams(), "filename")  # type: ignore[arg-type]
