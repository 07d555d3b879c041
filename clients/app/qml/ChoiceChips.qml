// ChoiceChips: an enumeration (or a list of employers or jobs) as buttons to tap: one choice, or several
// when `multiple`. Long lists show their first entries as buttons and the rest in a drop-down.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    id: chips
    property string field
    property var choices: []
    property var value            // a string, or a list of strings when multiple
    property bool multiple: false
    property int shown: 8
    signal chosen(var value)
    spacing: 4

    function isChosen(v) { return multiple ? (value || []).indexOf(v) >= 0 : value === v }
    function toggle(v) {
        if (!multiple) { chosen(value === v ? "" : v); return }
        var list = (value || []).slice()
        var at = list.indexOf(v)
        if (at >= 0) list.splice(at, 1); else list.push(v)
        chosen(list)
    }

    Flow {
        Layout.fillWidth: true
        spacing: 6
        Repeater {
            model: chips.choices.slice(0, chips.shown)
            delegate: Button {
                objectName: "choice_" + chips.field + "_" + index
                text: modelData.label
                checkable: true
                checked: chips.isChosen(modelData.value)
                height: 40
                focusPolicy: Qt.StrongFocus
                Accessible.name: modelData.label
                onClicked: chips.toggle(modelData.value)
                palette.button: Theme.card
            }
        }
    }
    ComboBox {
        objectName: "more_" + chips.field
        visible: chips.choices.length > chips.shown
        Layout.fillWidth: true
        model: [qsTr("More...")].concat(chips.choices.slice(chips.shown).map(function (c) { return c.label }))
        onActivated: function (i) {
            if (i > 0) chips.toggle(chips.choices[chips.shown + i - 1].value)
            currentIndex = 0
        }
    }
}
